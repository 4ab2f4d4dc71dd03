"""Uses a buyer reports of a licensed clip: when, on which platform, where, under what title.

The platforms are the ones restrictions speak of (rights.PLATFORMS: broadcast, digital,
social), so a report is checked by the same rules the clip was sold under. The note is the
buyer's own: partners see every other field (licensing.selectors), never the note.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common.models import new_public_id
from licensing.models.buyers import ApiKey
from licensing.models.licenses import License
from rights import PLATFORMS
from rights.rules import PLATFORM_LABELS

USAGE_TITLE_MAX = 200
USAGE_URL_MAX = 500
USAGE_NOTE_MAX = 500
PLATFORM_CHOICES = [(platform, PLATFORM_LABELS[platform].capitalize()) for platform in PLATFORMS]


class Usage(models.Model):
    public_id = models.CharField(max_length=12, unique=True, default=new_public_id, editable=False)
    license = models.ForeignKey(License, on_delete=models.PROTECT, related_name="usages")
    used_at = models.DateTimeField(help_text="When the clip went out (broadcast, published).")
    platform = models.CharField(max_length=10, choices=PLATFORM_CHOICES)
    territory = models.CharField(max_length=2, help_text="ISO 3166-1 code of where it was used.")
    title = models.CharField(
        max_length=USAGE_TITLE_MAX, help_text="The programme, article or post it was used in."
    )
    url = models.URLField(max_length=USAGE_URL_MAX, blank=True)
    note = models.CharField(
        max_length=USAGE_NOTE_MAX, blank=True, help_text="The buyer's own; never shown to partners."
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    api_key = models.ForeignKey(
        ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-used_at", "-id"]
        indexes = [models.Index(fields=["reported_at"], name="usage_reported_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(platform__in=PLATFORMS), name="usage_platform_known"
            ),
        ]

    def __str__(self):
        return f"Use of {self.license.public_id} on {self.used_at:%Y-%m-%d}: {self.title}"
