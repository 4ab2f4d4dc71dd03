"""Who is waiting for a delivery format of a clip: a buyer asked for a format that was not
prepared yet (202), and is told by a `delivery.ready` (or `delivery.failed`) webhook event when
it is (docs/newsroom.md, "Events")."""

from django.db import models

from catalog.models import VideoAsset
from licensing.models import Buyer, License


class DeliveryWatch(models.Model):
    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="+")
    license = models.ForeignKey(License, on_delete=models.CASCADE, related_name="+")
    asset = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=30)
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["license", "format"], name="delivery_watch_once")
        ]
        indexes = [models.Index(fields=["asset", "format"], name="delivery_watch_asset")]

    def __str__(self):
        return f"{self.format} of {self.asset_id} for licence {self.license_id}"
