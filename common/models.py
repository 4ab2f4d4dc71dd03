"""Model pieces shared by every app: timestamps, public identifiers and upload names."""

import secrets
import uuid
from pathlib import PurePath

from django.db import models

PUBLIC_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
PUBLIC_ID_LENGTH = 12
# What URLs accept: anything else is a 404 before it reaches the database.
PUBLIC_ID_PATTERN = "[a-z0-9]{12}"


def new_public_id() -> str:
    """12 characters from a 32-letter alphabet without look-alikes: 60 random bits."""
    bits = secrets.randbits(5 * PUBLIC_ID_LENGTH)
    return "".join(PUBLIC_ID_ALPHABET[(bits >> (5 * i)) & 31] for i in range(PUBLIC_ID_LENGTH))


def unique_upload_name(folder: str, filename: str) -> str:
    """A stored file's name: the folder, a random hex name and the original's suffix, so two
    uploads of "clip.mp4" never collide and no user-chosen name reaches the disk."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
