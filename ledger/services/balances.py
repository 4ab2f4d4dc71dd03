"""Partner balances fed by the earnings ledger: a sale credits the partner's share, a refund
takes it back, in the same transaction as the Earning rows.

Lock order (continuing licensing.services.purchase's buyer, clips, order; docs/architecture.md,
"Lock order"): the partner balance rows, by primary key, each held only to the end of the
caller's transaction. Payouts (ledger.services.payouts) take one balance row, then the payout
row; nothing locks a balance and then a buyer, clip or order, so no two paths wait on each other
in a circle.

A refund never fails for want of balance and the balance never goes below zero: what is not
available (it was paid out) is carried as `owed` and paid off first by the next credit.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q

from ledger.models import Earning, PartnerBalance

ZERO = Decimal("0.00")


def balance_credit(balance: PartnerBalance, amount: Decimal) -> None:
    """Add `amount` (positive) to a locked balance: what is owed is paid off first."""
    paid_off = min(balance.owed, amount)
    balance.owed -= paid_off
    balance.available += amount - paid_off


def balance_debit(balance: PartnerBalance, amount: Decimal) -> None:
    """Take `amount` (positive) from a locked balance; beyond what is available it is owed."""
    taken = min(balance.available, amount)
    balance.available -= taken
    balance.owed += amount - taken


def balance_change(balance: PartnerBalance, delta: Decimal) -> None:
    if delta >= 0:
        balance_credit(balance, delta)
    else:
        balance_debit(balance, -delta)


def balances_lock(keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], PartnerBalance]:
    """The balance rows of these (partner id, currency) pairs, made if missing and locked in
    primary-key order. Call inside a transaction."""
    keys = sorted(set(keys))
    if not keys:
        return {}
    # Make missing rows without a race: a row another transaction is inserting makes this wait
    # for it and then do nothing, rather than fail on the unique constraint.
    PartnerBalance.objects.bulk_create(
        [PartnerBalance(partner_id=partner, currency=currency) for partner, currency in keys],
        ignore_conflicts=True,
    )
    which = Q()
    for partner, currency in keys:
        which |= Q(partner_id=partner, currency=currency)
    locked = PartnerBalance.objects.filter(which).order_by("pk").select_for_update()
    return {(b.partner_id, b.currency): b for b in locked}


def balances_apply(*, earnings: Iterable[Earning]) -> list[PartnerBalance]:
    """Move each partner's balance by these new Earning rows (sales positive, refunds negative).

    Called once per purchase and once per refund, after the rows are created, so the balances
    of all partners in an order are locked together in primary-key order."""
    deltas: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for earning in earnings:
        deltas[(earning.partner_id, earning.currency)] += earning.amount
    balances = balances_lock(deltas)
    for key, delta in deltas.items():
        balance = balances[key]
        balance_change(balance, delta)
        balance.save(update_fields=["available", "owed", "updated_at"])
    return list(balances.values())
