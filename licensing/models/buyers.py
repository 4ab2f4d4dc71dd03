"""Who buys: the organisation, its members and its API keys."""

import hashlib
import hmac
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField

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


class ApiKey(HashedKey):
    """An API key of a buyer. Only a hash is stored; the key is shown once, when created."""

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100, default="API key")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(HashedKey.Meta):
        verbose_name = "API key"
