"""Where an upload's bytes are kept while it arrives: one file per upload under UPLOADS_ROOT,
named by its public id (never by anything the client sent)."""

import contextlib
import os
from pathlib import Path

from django.conf import settings


def upload_path(upload) -> Path:
    return Path(settings.UPLOADS_ROOT) / upload.public_id


def upload_file_delete(upload) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(upload_path(upload))
