"""Who buys: the organisation, its members and its API keys."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField

from common.keys.models import HashedKey
from common.models import TimestampedModel
from licensing.models.money import DEFAULT_CURRENCY, currency_code, money_field


class Buyer(TimestampedModel):
    """A licensing organisation (newsroom, broadcaster, brand) and how it pays."""

    class PaymentMethod(models.TextChoices):
        CREDITS = "credits", "Prepaid credits"
        INVOICE = "invoice", "Invoice on account"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    country = CountryField(help_text="Billing territory: licences are checked against it.")
    currency = models.CharField(max_length=3, default=DEFAULT_CURRENCY, validators=[currency_code])
    payment_method = models.CharField(
        max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.CREDITS
    )
    credit_balance = money_field(default=Decimal("0.00"), editable=False)
    invoice_limit = money_field(
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="How much may be owed on account at once.",
    )
    invoice_balance = money_field(
        default=Decimal("0.00"), editable=False, help_text="Owed on account now."
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="BuyerMember", related_name="buyers", blank=True
    )
    known_as = models.CharField(
        max_length=500,
        blank=True,
        help_text="Other names agencies' lines call this organisation by, comma-separated "
        "(BBC, BBC News): a clip whose restrictions say “Not for use by BBC” is not sold to it.",
    )
    # Download requirements: what every download link of this organisation must say it is for.
    require_project_code = models.BooleanField(
        default=False, help_text="Every download must name a project code (up to 100 characters)."
    )
    require_download_note = models.BooleanField(
        default=False, help_text="Every download must carry a note (up to 500 characters)."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_balance__gte=0), name="buyer_credit_never_negative"
            ),
            models.CheckConstraint(
                condition=Q(invoice_balance__gte=0), name="buyer_invoice_balance_positive"
            ),
            models.CheckConstraint(
                condition=Q(invoice_limit__gte=0), name="buyer_invoice_limit_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def known_names(self) -> list[str]:
        """Every name a restriction line may call this organisation by: its own and known_as."""
        return [self.name, *(name.strip() for name in self.known_as.split(",") if name.strip())]

    @property
    def territory(self) -> str:
        return self.country.code


class BuyerMember(models.Model):
    """A person who buys for an organisation; one organisation per person."""

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="memberships")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buyer_membership"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} at {self.buyer}"


class ApiKey(HashedKey):
    """An API key of a buyer. Only a hash is stored; the key is shown once, when created."""

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100, default="API key")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(HashedKey.Meta):
        verbose_name = "API key"
