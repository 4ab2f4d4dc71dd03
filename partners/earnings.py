"""The dashboard's money panel: balance, revenue share, totals, the earnings chart by month,
recent sales and refunds, statements and payouts.

STUB laid by the lead: the money helper fills it in; the dashboard view includes
templates/partners/_earnings_panel.html with `panel=earnings_panel(partner)`.
"""


def earnings_panel(partner) -> dict:
    return {"partner": partner}
