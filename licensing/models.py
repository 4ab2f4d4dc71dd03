"""Buyers, license types and prices, orders, licenses, downloads, payments and partner earnings.

Money is Decimal plus an ISO 4217 code. An order line copies everything that was sold (title,
terms, price, restriction text, territory) so later catalogue edits never rewrite history.
Nothing here is ever deleted: rows that record money or rights are PROTECTed.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from catalog.models import ContentPartner, VideoAsset
from common.models import TimestampedModel, new_public_id
from rights import USES

currency_code = RegexValidator(r"^[A-Z]{3}$", "An ISO 4217 code of three capital letters.")
DEFAULT_CURRENCY = "USD"
CENT = Decimal("0.01")


def money_field(**kwargs):
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)


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


class ApiKey(models.Model):
    """An API key of a buyer. Only a hash is stored; the key is shown once, when created."""

    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100, default="API key")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> tuple[str, str]:
        """(prefix, raw key). The prefix finds the row; the rest is the secret."""
        prefix = secrets.token_hex(4)
        return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"

    def matches(self, raw: str) -> bool:
        return hmac.compare_digest(self.hashed_key, hash_key(raw))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


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


class OrderStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"
    REFUNDED = "refunded", "Refunded"


ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PENDING: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
}


class IllegalOrderTransition(Exception):
    def __init__(self, order: "Order", target: str):
        self.order, self.target = order, target
        super().__init__(
            f"Order {order.public_id} is {order.get_status_display().lower()} and cannot become "
            f"{OrderStatus(target).label.lower() if target in OrderStatus.values else target}."
        )


class Order(models.Model):
    public_id = models.CharField(max_length=12, unique=True, default=new_public_id, editable=False)
    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(
        max_length=10, choices=OrderStatus.choices, default=OrderStatus.PENDING, editable=False
    )
    currency = models.CharField(max_length=3, validators=[currency_code], editable=False)
    total = money_field(editable=False)
    payment_method = models.CharField(
        max_length=10, choices=Buyer.PaymentMethod.choices, editable=False
    )
    territory = models.CharField(max_length=2, editable=False, help_text="Buyer's, when sold.")
    idempotency_key = models.CharField(max_length=255, editable=False)
    request_fingerprint = models.CharField(max_length=64, editable=False)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    api_key = models.ForeignKey(
        ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True, editable=False)
    refunded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "idempotency_key"], name="order_idempotency_key_once"
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_positive"),
            models.CheckConstraint(
                condition=Q(status__in=OrderStatus.values), name="order_status_known"
            ),
        ]

    def __str__(self):
        return f"Order {self.public_id}"

    def get_absolute_url(self):
        return reverse("api:order-detail", kwargs={"public_id": self.public_id})

    def transition_to(self, target: str) -> str:
        if target not in ORDER_TRANSITIONS[self.status]:
            raise IllegalOrderTransition(self, target)
        previous, self.status = self.status, target
        now = timezone.now()
        if target == OrderStatus.PAID:
            self.paid_at = now
        elif target == OrderStatus.REFUNDED:
            self.refunded_at = now
        return previous


class OrderLine(models.Model):
    """One licence sold, with a copy of everything it was sold under."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="lines")
    asset = models.ForeignKey(VideoAsset, on_delete=models.PROTECT, related_name="+")
    license_type = models.ForeignKey(LicenseType, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(ContentPartner, on_delete=models.PROTECT, related_name="+")
    asset_public_id = models.CharField(max_length=12)
    title = models.CharField(max_length=300)
    license_code = models.CharField(max_length=30)
    license_name = models.CharField(max_length=100)
    use = models.CharField(max_length=12)
    exclusive = models.BooleanField()
    duration_days = models.PositiveIntegerField()
    terms = models.TextField()
    restrictions = models.TextField(blank=True)
    duties = models.JSONField(default=list, blank=True)
    territory = models.CharField(max_length=2)
    price = money_field()
    currency = models.CharField(max_length=3, validators=[currency_code])
    partner_share = models.DecimalField(max_digits=4, decimal_places=3)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="order_line_price_positive"),
        ]

    def __str__(self):
        return f"{self.license_name}: {self.title}"


class LicenseQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True, starts_at__lte=at, ends_at__gt=at)

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
    size = models.PositiveBigIntegerField(help_text="Bytes of the master file sent.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Download of {self.license.public_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Payment(models.Model):
    """Money moving for an order: a charge when paid, a negative amount when refunded."""

    class Kind(models.TextChoices):
        CHARGE = "charge", "Charge"
        REFUND = "refund", "Refund"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    method = models.CharField(max_length=10, choices=Buyer.PaymentMethod.choices)
    amount = money_field()
    currency = models.CharField(max_length=3, validators=[currency_code])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="payment_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} {self.currency}"


class Earning(models.Model):
    """The partner's share of a sold line, and its reversal when the order is refunded."""

    class Kind(models.TextChoices):
        SALE = "sale", "Sale"
        REFUND = "refund", "Refund"

    partner = models.ForeignKey(ContentPartner, on_delete=models.PROTECT, related_name="earnings")
    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="earnings")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    share = models.DecimalField(max_digits=4, decimal_places=3)
    amount = money_field()
    currency = models.CharField(max_length=3, validators=[currency_code])
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["line", "kind"], name="earning_once_per_line_kind"),
        ]

    def __str__(self):
        return f"{self.partner}: {self.amount} {self.currency}"
