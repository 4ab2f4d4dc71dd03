"""What the earnings ledger says of a partner's sales, per clip and in all, per currency: one
query each, read by the dashboard, the partner API and staff's review queue alike."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from licensing.models import CENT, Earning


@dataclass
class ClipSales:
    sales: int = 0  # licences sold
    refunds: int = 0  # of those, refunded
    # currency -> the partner's share, sales less refunds, to the cent
    earnings: dict[str, Decimal] = field(default_factory=dict)

    @property
    def net_sales(self) -> int:
        return self.sales - self.refunds


def cents(amount) -> Decimal:
    # SQLite sums decimals as floats; money is shown and answered to the cent either way.
    return Decimal(amount or 0).quantize(CENT)


def _by_kind(*group_by):
    return (
        Earning.objects.values(*group_by)
        .annotate(
            sold=Count("id", filter=Q(kind=Earning.Kind.SALE)),
            refunded=Count("id", filter=Q(kind=Earning.Kind.REFUND)),
            net=Sum("amount"),
        )
        .order_by(*group_by)
    )


def clip_sales(partner, asset_ids) -> dict[int, ClipSales]:
    """asset pk -> its ClipSales, for the partner's clips among `asset_ids`."""
    found: dict[int, ClipSales] = {}
    for row in _by_kind("line__asset_id", "currency").filter(
        partner=partner, line__asset_id__in=list(asset_ids)
    ):
        entry = found.setdefault(row["line__asset_id"], ClipSales())
        entry.sales += row["sold"]
        entry.refunds += row["refunded"]
        entry.earnings[row["currency"]] = cents(row["net"])
    return found


def earning_totals(partner) -> list[dict]:
    """Per currency, in currency order: licences sold and refunded, and the net share."""
    return [
        {**row, "net": cents(row["net"])} for row in _by_kind("currency").filter(partner=partner)
    ]
