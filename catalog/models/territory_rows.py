from django.db import models
from django.db.models import Q


class AssetTerritory(models.Model):
    """One territory an asset's restrictions allow or deny, for a period (open-ended when
    valid_from/valid_until are empty; dated for groups such as the EU)."""

    ALLOW, DENY = "allow", "deny"

    asset = models.ForeignKey(
        "catalog.VideoAsset", on_delete=models.CASCADE, related_name="territories"
    )
    territory = models.CharField(max_length=2)
    effect = models.CharField(max_length=5, choices=[(ALLOW, "Allow"), (DENY, "Deny")])
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["territory", "effect", "asset"], name="asset_territory_lookup"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effect__in=["allow", "deny"]), name="asset_territory_effect"
            ),
        ]

    def __str__(self):
        return f"{self.effect} {self.territory}"
