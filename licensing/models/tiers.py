"""Resolution tiers and their price factors (docs/licensing.md, "Resolution tiers").

The tiers themselves (their codes, and which a master's size reaches) are catalog.formats'; here
is only what each costs: a licence at a tier costs the licence type's price for the clip times
the tier's factor, or the clip's own factor for that tier when staff set one.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from catalog.formats import TIER_LABELS, TIERS
from catalog.models import VideoAsset

TIER_CHOICES = [(tier, TIER_LABELS[tier]) for tier in TIERS]


def factor_field(**kwargs):
    return models.DecimalField(
        max_digits=5, decimal_places=3, validators=[MinValueValidator(Decimal("0"))], **kwargs
    )


class ResolutionTier(models.Model):
    """One of catalog.formats.TIERS with the factor its licences are priced at."""

    code = models.CharField(max_length=4, unique=True, choices=TIER_CHOICES)
    name = models.CharField(max_length=60)
    factor = factor_field(help_text="Times the licence type's price: 1.000 is the list price.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lowest first.")

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__in=TIERS), name="resolution_tier_known"),
            models.CheckConstraint(
                condition=Q(factor__gte=0), name="resolution_tier_factor_positive"
            ),
        ]

    def __str__(self):
        return self.name


class AssetTierFactor(models.Model):
    """A factor for one clip at one tier, replacing the tier's."""

    asset = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="tier_factors")
    tier = models.ForeignKey(ResolutionTier, on_delete=models.PROTECT, related_name="+")
    factor = factor_field()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["asset", "tier"], name="asset_tier_factor_once"),
            models.CheckConstraint(condition=Q(factor__gte=0), name="asset_tier_factor_positive"),
        ]

    def __str__(self):
        return f"{self.tier} of {self.asset}: x{self.factor}"
