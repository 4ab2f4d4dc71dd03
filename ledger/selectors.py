"""What the ledger says of a partner, for the apps above it to read (partners' dashboard, API,
statements, notifications and staff's review queue): they read the ledger through these, never
its tables. Each is one query.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from ledger.models import Earning, PartnerBalance, Payout
from licensing.models import CENT

SALE, REFUND = Earning.Kind.SALE, Earning.Kind.REFUND
ZERO = Decimal("0.00")


@dataclass
class AssetSales:
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


def asset_sales(partner, asset_ids) -> dict[int, AssetSales]:
    """asset pk -> its AssetSales, for the partner's clips among `asset_ids`."""
    found: dict[int, AssetSales] = {}
    for row in _by_kind("line__asset_id", "currency").filter(
        partner=partner, line__asset_id__in=list(asset_ids)
    ):
        entry = found.setdefault(row["line__asset_id"], AssetSales())
        entry.sales += row["sold"]
        entry.refunds += row["refunded"]
        entry.earnings[row["currency"]] = cents(row["net"])
    return found


def earning_totals(partner) -> list[dict]:
    """Per currency, in currency order: licences sold and refunded, and the net share."""
    return [
        {**row, "net": cents(row["net"])} for row in _by_kind("currency").filter(partner=partner)
    ]


def monthly_earnings(partner) -> list[dict]:
    """[{month (date, UTC), currency, sales, refunds, lines}] for every month with activity,
    newest first."""
    rows = (
        Earning.objects.filter(partner=partner)
        .annotate(month=TruncMonth("created_at", tzinfo=datetime.UTC))
        .values("month", "currency")
        .annotate(
            sales=Sum("amount", filter=Q(kind=SALE), default=ZERO),
            refunds=Sum("amount", filter=Q(kind=REFUND), default=ZERO),
            lines=Count("id"),
        )
        .order_by("-month", "currency")
    )
    return [
        {
            **row,
            "month": _as_date(row["month"]),
            "sales": cents(row["sales"]),
            "refunds": cents(row["refunds"]),
        }
        for row in rows
    ]


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def earnings_between(partner, start: datetime.datetime, end: datetime.datetime):
    """The partner's earnings from `start` up to `end`, oldest first, with their line and
    order: a statement's lines."""
    return (
        Earning.objects.filter(partner=partner, created_at__gte=start, created_at__lt=end)
        .select_related("line__order")
        .order_by("created_at", "id")
    )


def order_earnings(order, kind: str):
    """The earnings of one kind (SALE or REFUND) an order made, with their partner and clip."""
    return (
        Earning.objects.filter(line__order=order, kind=kind)
        .select_related("line__asset", "partner")
        .order_by("pk")
    )


def partner_balances(partner, *, minimum: Decimal) -> list[PartnerBalance]:
    """The partner's balance in each currency, in currency order, each with `can_pay_out`:
    at least `minimum` (the payout minimum) is available."""
    balances = list(PartnerBalance.objects.filter(partner=partner).order_by("currency"))
    for balance in balances:
        balance.can_pay_out = balance.available >= minimum and balance.available > 0
    return balances


def recent_payouts(partner, count: int) -> list[Payout]:
    return list(Payout.objects.filter(partner=partner).order_by("-requested_at", "-id")[:count])
