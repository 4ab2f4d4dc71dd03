"""The lines of a partner's statement: the earnings ledger of one calendar month (UTC), and
beside them the uses buyers reported of the partner's clips in that month (by when they were
reported, so a statement does not change once its month is over; each says when it was used).
A use names the clip, when, the platform, the territory, the title and address of the use:
never the buyer, never the buyer's note (licensing.selectors)."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from ledger.models import Earning
from ledger.selectors import earnings_between
from licensing.selectors import PartnerUsage, partner_usages_reported

MONTH = re.compile(r"([1-9]\d{3})-(0[1-9]|1[0-2])")
MONTH_PATTERN = r"^[1-9]\d{3}-(0[1-9]|1[0-2])$"  # what MONTH reads, for the API schema
ZERO = Decimal("0.00")


class MalformedMonth(ValueError):
    """Not a month written YYYY-MM (400)."""


class FutureMonth(LookupError):
    """A month that has not begun has no statement (404)."""


def parse_month(text: str, *, now: datetime.datetime | None = None) -> datetime.date:
    """The first day of the month `text` names (YYYY-MM); the current month is allowed and
    holds the lines so far."""
    match = MONTH.fullmatch(text or "")
    if not match:
        raise MalformedMonth(f"“{text}” is not a month: write it as YYYY-MM, e.g. 2026-11.")
    month = datetime.date(int(match[1]), int(match[2]), 1)
    today = (now or timezone.now()).astimezone(datetime.UTC).date()
    if month > today.replace(day=1):
        raise FutureMonth(f"{month:%B %Y} has not begun: there is no statement for it yet.")
    return month


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime(month.year, month.month, 1, tzinfo=datetime.UTC)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, following


@dataclass(frozen=True)
class StatementLine:
    date: datetime.datetime
    kind: str
    order: str
    clip: str
    clip_id: str
    license_type: str
    price: Decimal
    share: Decimal
    amount: Decimal
    currency: str


@dataclass
class Statement:
    partner: object
    month: datetime.date
    lines: list[StatementLine]
    totals: list[dict] = field(default_factory=list)
    uses: list[PartnerUsage] = field(default_factory=list)  # reported in the month, by use

    @property
    def name(self) -> str:
        return f"statement-{self.partner.slug}-{self.month:%Y-%m}"


def _line(earning: Earning) -> StatementLine:
    line = earning.line
    sign = -1 if earning.kind == Earning.Kind.REFUND else 1
    return StatementLine(
        date=earning.created_at.astimezone(datetime.UTC),
        kind=earning.get_kind_display(),
        order=line.order.public_id,
        clip=line.title,
        clip_id=line.asset_public_id,
        license_type=line.license_name,
        price=sign * line.price,
        share=earning.share,
        amount=earning.amount,
        currency=earning.currency,
    )


def lines_count(count: int) -> str:
    return f"{count} line{'' if count == 1 else 's'}"


def totals_of(lines: list[StatementLine]) -> list[dict]:
    totals: dict[str, dict] = {}
    for line in lines:
        total = totals.setdefault(
            line.currency,
            {"currency": line.currency, "sales": ZERO, "refunds": ZERO, "net": ZERO, "lines": 0},
        )
        total["sales" if line.amount >= 0 else "refunds"] += line.amount
        total["net"] += line.amount
        total["lines"] += 1
    return [totals[currency] for currency in sorted(totals)]


def statement_for(partner, month: datetime.date) -> Statement:
    """The partner's statement of `month` (two queries): its own earnings and the uses of its
    own clips only."""
    start, end = month_bounds(month)
    lines = [_line(earning) for earning in earnings_between(partner, start, end)]
    return Statement(
        partner=partner,
        month=month,
        lines=lines,
        totals=totals_of(lines),
        uses=partner_usages_reported(partner, start, end),
    )
