"""What a content partner is owed and what was paid out.

PartnerBalance is fed by the earnings ledger (ledger.models.earnings): every sale adds the
partner's share, every refund takes it back, in the same transaction as the earning. A refund
larger than what is available (because it was already paid out) never makes the balance
negative: the rest is carried as `owed` and taken from the next earnings.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalog.models import ContentPartner
from licensing.models import currency_code, money_field


class PartnerBalance(models.Model):
    partner = models.ForeignKey(ContentPartner, on_delete=models.PROTECT, related_name="balances")
    currency = models.CharField(max_length=3, validators=[currency_code])
    available = money_field(default=0, editable=False, help_text="May be paid out.")
    owed = money_field(
        default=0,
        editable=False,
        help_text="Refunds beyond what was available; comes off the next earnings.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "licensing_partnerbalance"  # from before the ledger had its own app
        ordering = ["partner", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "currency"], name="balance_once_per_currency"
            ),
            models.CheckConstraint(condition=Q(available__gte=0), name="balance_never_negative"),
            models.CheckConstraint(condition=Q(owed__gte=0), name="balance_owed_positive"),
            models.CheckConstraint(
                condition=Q(available=0) | Q(owed=0), name="balance_available_or_owed"
            ),
        ]

    def __str__(self):
        return f"{self.partner}: {self.available} {self.currency}"


class PayoutStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"


# A payout is paid once or cancelled once, and then stays as it is.
PAYOUT_TRANSITIONS: dict[str, frozenset[str]] = {
    PayoutStatus.REQUESTED: frozenset({PayoutStatus.PAID, PayoutStatus.CANCELLED}),
    PayoutStatus.PAID: frozenset(),
    PayoutStatus.CANCELLED: frozenset(),
}


class IllegalPayoutTransition(Exception):
    def __init__(self, payout: "Payout", target: str):
        self.payout, self.target = payout, target
        allowed = ", ".join(sorted(PAYOUT_TRANSITIONS[payout.status])) or "nothing"
        super().__init__(
            f"Payout {payout.pk} is {payout.get_status_display().lower()} and cannot become "
            f"{target}; it may become: {allowed}."
        )


class Payout(models.Model):
    """A partner's request to be paid its balance; staff pay it once, with a reference."""

    Status = PayoutStatus

    partner = models.ForeignKey(ContentPartner, on_delete=models.PROTECT, related_name="payouts")
    amount = money_field()
    currency = models.CharField(max_length=3, validators=[currency_code])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True, editable=False)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(
        max_length=100, blank=True, help_text="The bank transfer's reference, once paid."
    )

    class Meta:
        db_table = "licensing_payout"  # from before the ledger had its own app
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_at__isnull=False) & ~Q(reference="")),
                name="payout_paid_has_reference",
            ),
            # One transfer pays one payout: the same reference cannot mark a second one paid.
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="payout_reference_once"
            ),
        ]

    def __str__(self):
        return f"Payout of {self.amount} {self.currency} to {self.partner} ({self.status})"

    def transition_to(self, target: str) -> str:
        if target not in PAYOUT_TRANSITIONS[self.status]:
            raise IllegalPayoutTransition(self, target)
        previous, self.status = self.status, target
        if target == PayoutStatus.PAID:
            self.paid_at = timezone.now()
        return previous
