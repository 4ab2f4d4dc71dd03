"""The dashboard's money panel: balance, revenue share, totals, the earnings chart by month,
recent sales and refunds, statements and payouts.

The dashboard view includes templates/partners/_earnings_panel.html with
`panel=earnings_panel(partner)`; it costs a fixed number of queries however much was sold.
"""

import datetime

from django.utils import timezone

from ledger.selectors import ZERO, monthly_earnings, partner_balances, recent_payouts
from ledger.services.payouts import payout_minimum
from partners.chart import earnings_chart_svg
from partners.models import PartnerNotification

CHART_MONTHS = 12
RECENT = 10


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_back(last: datetime.date, count: int) -> list[datetime.date]:
    """The first days of `count` months ending with `last`'s month, oldest first."""
    months, month = [], month_start(last)
    for _ in range(count):
        months.append(month)
        month = month_start(month - datetime.timedelta(days=1))
    return months[::-1]


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
    balances = partner_balances(partner, minimum=minimum)
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
        "payouts": recent_payouts(partner, 5),
    }
