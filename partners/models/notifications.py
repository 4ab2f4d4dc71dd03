"""What a partner is told: each sale, refund and review decision, listed on the dashboard and
mailed to the partner's members."""

from django.db import models

from catalog.models import ContentPartner, VideoAsset
from ledger.models import Earning


class PartnerNotification(models.Model):
    class Kind(models.TextChoices):
        SALE = "sale", "Sale"
        REFUND = "refund", "Refund"
        PUBLISHED = "published", "Clip published"
        RETURNED = "returned", "Clip returned"

    partner = models.ForeignKey(
        ContentPartner, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    asset = models.ForeignKey(
        VideoAsset, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    earning = models.OneToOneField(
        Earning, null=True, blank=True, on_delete=models.PROTECT, related_name="notification"
    )
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner", "-created_at", "-id"], name="notice_partner")]

    def __str__(self):
        return self.message
