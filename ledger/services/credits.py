"""The partner's share of every sale, and its reversal on a refund.

Called by ledger.receivers inside the purchase's or the refund's transaction (licensing sends
order_created and order_refunded as the last step of each), so an order is never paid without
its earnings, nor refunded without their reversal: if this fails, the sale or refund rolls back.
Balances are locked last (docs/architecture.md, "Lock order").
"""

from decimal import ROUND_HALF_UP, Decimal

from ledger.models import Earning
from ledger.services.balances import balances_apply
from ledger.signals import earnings_recorded
from licensing.models import CENT


def earning_amount(price: Decimal, share: Decimal) -> Decimal:
    return (price * share).quantize(CENT, rounding=ROUND_HALF_UP)


def earnings_for_sale(order) -> list[Earning]:
    """One Earning per line of a new paid order, at the share the line was sold with; every
    partner's balance moves once, all of them locked together."""
    earnings = Earning.objects.bulk_create(
        Earning(
            partner_id=line.partner_id,
            line=line,
            kind=Earning.Kind.SALE,
            share=line.partner_share,
            amount=earning_amount(line.price, line.partner_share),
            currency=line.currency,
        )
        for line in order.lines.order_by("pk")
    )
    _record(order, Earning.Kind.SALE, earnings)
    return earnings


def earnings_for_refund(order) -> list[Earning]:
    """A reversal of each of the refunded order's sales. A refund never fails for want of
    balance: what was paid out already is carried as owed."""
    reversals = Earning.objects.bulk_create(
        Earning(
            partner_id=sale.partner_id,
            line_id=sale.line_id,
            kind=Earning.Kind.REFUND,
            share=sale.share,
            amount=-sale.amount,
            currency=sale.currency,
        )
        for sale in Earning.objects.filter(line__order=order, kind=Earning.Kind.SALE).order_by("pk")
    )
    _record(order, Earning.Kind.REFUND, reversals)
    return reversals


def _record(order, kind: str, earnings: list[Earning]) -> None:
    balances_apply(earnings=earnings)
    earnings_recorded.send(sender=Earning, order=order, kind=kind)
