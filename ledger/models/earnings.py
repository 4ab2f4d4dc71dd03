"""The content partners' share of each sale, and its reversal on a refund."""

from django.db import models

from catalog.models import ContentPartner
from licensing.models import OrderLine, currency_code, money_field


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
        db_table = "licensing_earning"  # from before the ledger had its own app
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["line", "kind"], name="earning_once_per_line_kind"),
        ]

    def __str__(self):
        return f"{self.partner}: {self.amount} {self.currency}"
