"""The dashboard's earnings chart: sales and refunds by month as an inline SVG bar chart.

Hand-written rather than a charting library: a bar chart is a few rectangles and labels, drawn
on the server it needs no script (the site's CSP allows none inline) and reads in any browser,
and a table beside it carries the same figures for screen readers and for copying.
"""

from decimal import Decimal

from django.utils.html import format_html, format_html_join

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


def earnings_chart_svg(months: list[dict], currency: str, chart_id: str = "earnings-chart") -> str:
    """`months`: [{"month": date, "sales": Decimal, "refunds": Decimal (<= 0)}] oldest first."""
    top = max([m["sales"] for m in months] + [Decimal(0)])
    bottom = min([m["refunds"] for m in months] + [Decimal(0)])
    y = _scale(top, bottom)
    step = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    bar = max(step * 0.6, 2)
    bars = []
    for index, month in enumerate(months):
        x = round(LEFT + index * step + (step - bar) / 2, 1)
        label = f"{month['month']:%b %Y}"
        for amount, colour, what in (
            (month["sales"], SALE_COLOUR, "sales"),
            (month["refunds"], REFUND_COLOUR, "refunds"),
        ):
            if amount:
                upper, lower = y(max(amount, Decimal(0))), y(min(amount, Decimal(0)))
                bars.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                        "<title>{}: {} {} {}</title></rect>",
                        x,
                        upper,
                        round(bar, 1),
                        max(round(lower - upper, 1), 0.5),
                        colour,
                        label,
                        what,
                        amount,
                        currency,
                    )
                )
        bars.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
                round(x + bar / 2, 1),
                HEIGHT - BOTTOM + 14,
                f"{month['month']:%b}",
            )
        )
    ticks = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d8dee4"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>',
        (
            (LEFT, WIDTH - RIGHT, y(value), y(value), LEFT - 6, y(value) + 4, f"{value:.2f}")
            for value in sorted({top, Decimal(0), bottom}, reverse=True)
        ),
    )
    first, last = (months[0]["month"], months[-1]["month"]) if months else (None, None)
    description = (
        f"Bars of the partner's share of sales (blue, above the line) and of refunds (red, "
        f"below) for each month from {first:%B %Y} to {last:%B %Y}, in {currency}."
        if months
        else "No earnings yet."
    )
    return format_html(
        '<svg class="earnings-chart" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">Earnings by month ({currency})</title>'
        '<desc id="{id}-desc">{description}</desc>'
        "{ticks}{bars}"
        '<text x="14" y="{mid}" font-size="11" transform="rotate(-90 14 {mid})" '
        'text-anchor="middle">Amount ({currency})</text>'
        '<text x="{center}" y="{h_label}" font-size="11" text-anchor="middle">Month</text>'
        "</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        currency=currency,
        description=description,
        ticks=ticks,
        bars=format_html_join("", "{}", ((b,) for b in bars)),
        mid=(HEIGHT - BOTTOM) // 2,
        center=(WIDTH + LEFT) // 2,
        h_label=HEIGHT - 6,
    )
