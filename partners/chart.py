"""The dashboard's earnings chart: sales and refunds by month as an inline SVG bar chart.

Hand-written rather than a charting library: a bar chart is a few rectangles and labels, drawn
on the server it needs no script (the site's CSP allows none inline) and reads in any browser,
and a table beside it carries the same figures for screen readers and for copying. The drawing
is templates/partners/_earnings_chart.html; this module works out where each piece goes.
"""

from decimal import Decimal

from django.template.loader import render_to_string

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 16, 40
SALE_COLOUR, REFUND_COLOUR = "#0b5fff", "#b42318"


def _scale(top: Decimal, bottom: Decimal):
    """A function from an amount to a y coordinate, with room for `top` and `bottom` (<= 0)."""
    span = (top - bottom) or Decimal(1)
    plot = HEIGHT - TOP - BOTTOM

    def y(amount: Decimal) -> float:
        return round(TOP + float((top - amount) / span) * plot, 1)

    return y


def _bars(month: dict, y) -> list[dict]:
    """The month's sales bar above the line and refunds bar below it, each only if not zero."""
    bars = []
    for amount, colour, what in (
        (month["sales"], SALE_COLOUR, "sales"),
        (month["refunds"], REFUND_COLOUR, "refunds"),
    ):
        if amount:
            upper, lower = y(max(amount, Decimal(0))), y(min(amount, Decimal(0)))
            height = max(round(lower - upper, 1), 0.5)
            bars.append(
                {"y": upper, "height": height, "colour": colour, "what": what, "amount": amount}
            )
    return bars


def earnings_chart_svg(months: list[dict], currency: str, chart_id: str = "earnings-chart") -> str:
    """`months`: [{"month": date, "sales": Decimal, "refunds": Decimal (<= 0)}] oldest first."""
    top = max([m["sales"] for m in months] + [Decimal(0)])
    bottom = min([m["refunds"] for m in months] + [Decimal(0)])
    y = _scale(top, bottom)
    step = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    bar = max(step * 0.6, 2)
    columns = []
    for index, month in enumerate(months):
        x = round(LEFT + index * step + (step - bar) / 2, 1)
        columns.append(
            {
                "month": month["month"],
                "x": x,
                "label_x": round(x + bar / 2, 1),
                "bars": _bars(month, y),
            }
        )
    ticks = [
        {"amount": amount, "y": y(amount), "text_y": y(amount) + 4}
        for amount in sorted({top, Decimal(0), bottom}, reverse=True)
    ]
    return render_to_string(
        "partners/_earnings_chart.html",
        {
            "id": chart_id,
            "currency": currency,
            "months": columns,
            "ticks": ticks,
            "width": WIDTH,
            "height": HEIGHT,
            "plot_left": LEFT,
            "plot_right": WIDTH - RIGHT,
            "tick_x": LEFT - 6,
            "bar_width": round(bar, 1),
            "label_y": HEIGHT - BOTTOM + 14,
            "axis_middle": (HEIGHT - BOTTOM) // 2,
            "centre": (WIDTH + LEFT) // 2,
            "month_axis_y": HEIGHT - 6,
        },
    )
