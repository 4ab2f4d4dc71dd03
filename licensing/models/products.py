"""What is sold: licence types with their list prices, and per-clip prices that replace them."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from catalog.models import VideoAsset
from licensing.models.money import DEFAULT_CURRENCY, currency_code, money_field
from rights import USES


class LicenseType(models.Model):
    """What a licence allows: use, exclusivity, term; its list price is the default price."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=100)
    use = models.CharField(max_length=12, choices=[(use, use.capitalize()) for use in USES])
    exclusive = models.BooleanField(
        default=False, help_text="While active, no other licence of any type is sold for the clip."
    )
    duration_days = models.PositiveIntegerField(default=365, validators=[MinValueValidator(1)])
    terms = models.TextField(help_text="The terms printed on the licence and its certificate.")
    price = money_field(validators=[MinValueValidator(Decimal("0"))], help_text="List price.")
    currency = models.CharField(max_length=3, default=DEFAULT_CURRENCY, validators=[currency_code])
    active = models.BooleanField(default=True, help_text="Offered for sale.")

    class Meta:
        ordering = ["price", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="license_type_price_positive"),
            models.CheckConstraint(condition=Q(use__in=USES), name="license_type_use_known"),
            models.CheckConstraint(
                condition=Q(duration_days__gte=1), name="license_type_term_positive"
            ),
        ]

    def __str__(self):
        return self.name


class AssetPrice(models.Model):
    """A price for one clip and licence type, replacing the list price."""

    asset = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="prices")
    license_type = models.ForeignKey(LicenseType, on_delete=models.CASCADE, related_name="+")
    price = money_field(validators=[MinValueValidator(Decimal("0"))])
    currency = models.CharField(max_length=3, default=DEFAULT_CURRENCY, validators=[currency_code])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["asset", "license_type"], name="asset_price_once"),
            models.CheckConstraint(condition=Q(price__gte=0), name="asset_price_positive"),
        ]

    def __str__(self):
        return f"{self.license_type} of {self.asset}: {self.price} {self.currency}"
