"""The dashboard's money panel: balance, revenue share, totals, the earnings chart by month,
recent sales and refunds, statements and payouts.

The dashboard view includes templates/partners/_earnings_panel.html with
`panel=earnings_panel(partner)`; it costs a fixed number of queries however much was sold.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from licensing.models import CENT, Earning, PartnerBalance, Payout
from licensing.services.payouts import payout_minimum
from partners.chart import earnings_chart_svg
from partners.models import PartnerNotification

CHART_MONTHS = 12
RECENT = 10
ZERO = Decimal("0.00")
SALE, REFUND = Earning.Kind.SALE, Earning.Kind.REFUND


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_back(last: datetime.date, count: int) -> list[datetime.date]:
    """The first days of `count` months ending with `last`'s month, oldest first."""
    months, month = [], month_start(last)
    for _ in range(count):
        months.append(month)
        month = month_start(month - datetime.timedelta(days=1))
    return months[::-1]


def monthly_earnings(partner) -> list[dict]:
    """[{month (date, UTC), currency, sales, refunds, lines}] for every month with activity."""
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
    # SQLite's SUM drops the cents' scale: written back as money.
    return [
        {
            **row,
            "month": _as_date(row["month"]),
            "sales": Decimal(row["sales"]).quantize(CENT),
            "refunds": Decimal(row["refunds"]).quantize(CENT),
        }
        for row in rows
    ]


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _charts(monthly: list[dict], currencies: list[str], today: datetime.date) -> list[dict]:
    months = months_back(today, CHART_MONTHS)
    by_key = {(row["month"], row["currency"]): row for row in monthly}
    charts = []
    for currency in currencies:
        series = [
            {
                "month": month,
                "sales": by_key.get((month, currency), {}).get("sales", ZERO),
                "refunds": by_key.get((month, currency), {}).get("refunds", ZERO),
            }
            for month in months
        ]
        for point in series:
            point["net"] = point["sales"] + point["refunds"]
        charts.append(
            {
                "currency": currency,
                "svg": earnings_chart_svg(series, currency, chart_id=f"earnings-{currency}"),
                "months": series,
            }
        )
    return charts


def earnings_panel(partner, *, now: datetime.datetime | None = None) -> dict:
    """What the money panel shows for `partner` (five queries)."""
    today = (now or timezone.now()).astimezone(datetime.UTC).date()
    minimum = payout_minimum()
    balances = list(PartnerBalance.objects.filter(partner=partner).order_by("currency"))
    monthly = monthly_earnings(partner)
    currencies = sorted({row["currency"] for row in monthly} | {b.currency for b in balances})
    totals = []
    for currency in currencies:
        rows = [row for row in monthly if row["currency"] == currency]
        sales = sum((row["sales"] for row in rows), ZERO)
        refunds = sum((row["refunds"] for row in rows), ZERO)
        totals.append(
            {"currency": currency, "sales": sales, "refunds": refunds, "net": sales + refunds}
        )
    for balance in balances:
        balance.can_pay_out = balance.available >= minimum and balance.available > 0
    notifications = list(
        PartnerNotification.objects.filter(
            partner=partner,
            kind__in=[PartnerNotification.Kind.SALE, PartnerNotification.Kind.REFUND],
        ).order_by("-created_at", "-id")[:RECENT]
    )
    return {
        "partner": partner,
        "revenue_share": partner.revenue_share,
        "revenue_share_percent": partner.revenue_share * 100,
        "payout_minimum": minimum,
        "balances": balances,
        "totals": totals,
        "charts": _charts(monthly, currencies, today),
        "notifications": notifications,
        "statement_months": sorted({row["month"] for row in monthly}, reverse=True),
        "payouts": list(
            Payout.objects.filter(partner=partner).order_by("-requested_at", "-id")[:5]
        ),
    }
