"""What every API key is: a prefix that finds the row and the hash of the whole key."""

import hashlib
import hmac
import secrets

from django.db import models


def hash_key(raw: str) -> str:
    # Keys carry 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(raw.encode()).hexdigest()


class HashedKey(models.Model):
    """What every API key is, whoever it acts for: a prefix that finds the row, the hash of the
    whole key (the key itself is shown once, never stored), and when it was used or revoked.
    Key start: what a raw key begins with before its prefix ("" for a buyer's)."""

    KEY_START = ""

    prefix = models.CharField(max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.KEY_START}{self.prefix}…)"

    @classmethod
    def generate(cls) -> tuple[str, str]:
        """(prefix, raw key). The prefix finds the row; the rest is the secret."""
        prefix = secrets.token_hex(4)
        return prefix, f"{cls.KEY_START}{prefix}.{secrets.token_urlsafe(32)}"

    def matches(self, raw: str) -> bool:
        return hmac.compare_digest(self.hashed_key, hash_key(raw))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
