"""Orders, their lines and the payments that move money for them.

An order line copies everything that was sold (title, terms, price, restriction text,
territory) so later catalogue edits never rewrite history. Rows that record money are
PROTECTed: nothing here is ever deleted.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.formats import TIERS
from catalog.models import ContentPartner, VideoAsset
from common.models import new_public_id
from licensing.models.buyers import ApiKey, Buyer
from licensing.models.money import currency_code, money_field
from licensing.models.products import LicenseType
from licensing.models.tiers import TIER_CHOICES, factor_field


class OrderStatus(models.TextChoices):
    # purchase() inserts an order as pending and moves it to paid in the same transaction, so
    # no other transaction ever sees a pending order; a refund moves a paid one to refunded.
    PENDING = "pending", "Pending"
    PAID = "paid", "Paid"
    REFUNDED = "refunded", "Refunded"


ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PENDING: frozenset({OrderStatus.PAID}),
    OrderStatus.PAID: frozenset({OrderStatus.REFUNDED}),
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
    """One licence sold, with a copy of everything it was sold under; or an upgrade: a licence
    the buyer held raised to a higher resolution tier (`upgrade_of`), for the difference in
    price, with no licence of its own."""

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
    resolution = models.CharField(
        max_length=4, choices=TIER_CHOICES, help_text="The resolution tier sold."
    )
    tier_factor = factor_field(help_text="The tier's factor the price was multiplied by.")
    upgrade_of = models.ForeignKey(
        "licensing.License",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="upgrades",
        help_text="The licence this line raised to its resolution; empty for a new licence.",
    )
    upgraded_from = models.CharField(
        max_length=4,
        choices=TIER_CHOICES,
        blank=True,
        help_text="The tier the upgraded licence had before; a refund puts it back.",
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="order_line_price_positive"),
            models.CheckConstraint(
                condition=Q(resolution__in=TIERS), name="order_line_resolution_known"
            ),
            models.CheckConstraint(
                condition=Q(upgrade_of__isnull=True, upgraded_from="")
                | Q(upgrade_of__isnull=False, upgraded_from__in=TIERS),
                name="order_line_upgrade_names_its_tier",
            ),
        ]

    def __str__(self):
        if self.upgrade_of_id is not None:
            return f"{self.license_name}: {self.title}, upgrade to {self.resolution}"
        return f"{self.license_name}: {self.title}"

    @property
    def target_license(self):
        """The licence this line is about: the one it issued, or for an upgrade the one it
        raised (None only for a line whose licence is not there, which a sale never leaves)."""
        if self.upgrade_of_id is not None:
            return self.upgrade_of
        try:
            return self.license
        except ObjectDoesNotExist:
            return None


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
