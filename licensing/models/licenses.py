"""Licences issued for order lines, and each download of a master made under one."""

import secrets
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.formats import TIERS
from catalog.models import VideoAsset
from common.models import new_public_id
from licensing.models.buyers import ApiKey, Buyer
from licensing.models.orders import OrderLine
from licensing.models.products import LicenseType
from licensing.models.tiers import TIER_CHOICES

DOWNLOAD_PROJECT_CODE_MAX = 100
DOWNLOAD_NOTE_MAX = 500


class LicenseQuerySet(models.QuerySet):
    def not_ended(self, at=None):
        """Licences that still count against exclusivity: not revoked, not yet over, whether
        their term has started or not."""
        return self.filter(revoked_at__isnull=True, ends_at__gt=at or timezone.now())


def new_verification_code() -> str:
    """Twelve letters and digits in three groups, easy to read aloud: "K7QD-M2XP-9RTA"."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


class License(models.Model):
    public_id = models.CharField(max_length=12, unique=True, default=new_public_id, editable=False)
    line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="license")
    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="licenses")
    asset = models.ForeignKey(VideoAsset, on_delete=models.PROTECT, related_name="licenses")
    license_type = models.ForeignKey(LicenseType, on_delete=models.PROTECT, related_name="+")
    exclusive = models.BooleanField()
    resolution = models.CharField(
        max_length=4,
        choices=TIER_CHOICES,
        help_text="The highest resolution tier it covers; an upgrade raises it.",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    verification_code = models.CharField(
        max_length=14, unique=True, default=new_verification_code, editable=False
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoke_reason = models.CharField(max_length=300, blank=True, editable=False)

    objects = LicenseQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["asset", "revoked_at", "ends_at"], name="license_asset_active"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="license_term_positive"
            ),
            models.CheckConstraint(
                condition=Q(resolution__in=TIERS), name="license_resolution_known"
            ),
        ]

    def __str__(self):
        return f"{self.line.license_name} licence {self.public_id}"

    def get_absolute_url(self):
        return reverse("licensing:verify", kwargs={"code": self.verification_code})

    def is_active(self, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and self.starts_at <= at < self.ends_at

    @staticmethod
    def term_for(duration_days: int, start) -> tuple:
        return start, start + timedelta(days=duration_days)


class Download(models.Model):
    license = models.ForeignKey(License, on_delete=models.PROTECT, related_name="downloads")
    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="downloads")
    territory = models.CharField(max_length=2)
    size = models.PositiveBigIntegerField(help_text="Bytes of the file sent.")
    format = models.CharField(
        max_length=30, default="original", help_text="The delivery format sent (catalog.formats)."
    )
    project_code = models.CharField(
        max_length=DOWNLOAD_PROJECT_CODE_MAX, blank=True, help_text="The buyer's, from the link."
    )
    note = models.CharField(
        max_length=DOWNLOAD_NOTE_MAX, blank=True, help_text="The buyer's, from the link."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Download of {self.license.public_id} at {self.created_at:%Y-%m-%d %H:%M}"


class DownloadLink(models.Model):
    """A short-lived download link: the URL carries a random token, only its SHA-256 is kept,
    so the link says nothing about the licence, the buyer or how many links exist, and a
    copy of this table cannot be turned back into working links."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    license = models.ForeignKey(License, on_delete=models.CASCADE, related_name="+")
    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="+")
    api_key = models.ForeignKey(
        ApiKey,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The key the link was made with; the link dies with the key.",
    )
    # What the buyer said the download is for (Buyer.require_…); copied onto the Download.
    project_code = models.CharField(max_length=DOWNLOAD_PROJECT_CODE_MAX, blank=True)
    note = models.CharField(max_length=DOWNLOAD_NOTE_MAX, blank=True)
    format = models.CharField(max_length=30, default="original")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["buyer", "expires_at"], name="download_link_expiry")]

    def __str__(self):
        return f"Download link for {self.license.public_id} until {self.expires_at:%H:%M}"
