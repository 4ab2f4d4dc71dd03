"""Who acts for a content partner: its members (people who sign in on the site) and API keys."""

import hmac
import secrets

from django.conf import settings
from django.db import models

from catalog.models import ContentPartner
from licensing.models import hash_key

# Partner keys say what they are ("ptn_" then a hex prefix, a dot and the secret), so a log or
# a support request tells them from a buyer's key at a glance.
PARTNER_KEY_START = "ptn_"


class PartnerMember(models.Model):
    """A person who supplies footage for a content partner; one partner per person."""

    partner = models.ForeignKey(ContentPartner, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} for {self.partner}"


class PartnerApiKey(models.Model):
    """A content partner's API key. Only a hash is stored; the key is shown once."""

    partner = models.ForeignKey(ContentPartner, on_delete=models.CASCADE, related_name="api_keys")
    member = models.ForeignKey(
        PartnerMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="api_keys"
    )
    name = models.CharField(max_length=100, default="Partner API key")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "partner API key"

    def __str__(self):
        return f"{self.name} ({PARTNER_KEY_START}{self.prefix}…)"

    @staticmethod
    def generate() -> tuple[str, str]:
        """(prefix, raw key). The prefix finds the row; the rest is the secret."""
        prefix = secrets.token_hex(4)
        return prefix, f"{PARTNER_KEY_START}{prefix}.{secrets.token_urlsafe(32)}"

    def matches(self, raw: str) -> bool:
        return hmac.compare_digest(self.hashed_key, hash_key(raw))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
