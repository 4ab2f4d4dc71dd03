"""Paying partners their balance: a request debits what is available at once (so it cannot be
asked for twice), staff mark it paid once with the transfer's reference, or cancel it and the
amount goes back.

Lock order (see ledger.services.balances): the balance row, then the payout row.
"""

import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction

from audit.services import audit_record
from ledger.errors import PayoutRefused
from ledger.models import IllegalPayoutTransition, PartnerBalance, Payout, PayoutStatus
from ledger.services.balances import balance_credit, balances_lock
from licensing.models import CENT


def payout_minimum() -> Decimal:
    """settings.PAYOUT_MINIMUM: the least a partner may ask for, in the balance's currency."""
    try:
        return Decimal(str(settings.PAYOUT_MINIMUM)).quantize(CENT)
    except InvalidOperation:
        raise ValueError(f"PAYOUT_MINIMUM {settings.PAYOUT_MINIMUM!r} is not an amount.") from None


def payout_request(*, partner, currency: str, person=None, amount: Decimal | None = None) -> Payout:
    """Ask to be paid `amount` (by default the whole available balance) in `currency`.

    Raises PayoutRefused with a sentence when the amount is below settings.PAYOUT_MINIMUM or
    more than is available; a refusal changes nothing."""
    minimum = payout_minimum()
    currency = (currency or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise PayoutRefused("A currency is written as its three-letter code, e.g. GBP.")
    with transaction.atomic():
        balance = (
            PartnerBalance.objects.select_for_update()
            .filter(partner=partner, currency=currency)
            .first()
        )
        if balance is None:
            raise PayoutRefused(f"There is no balance in {currency} to pay out.")
        available = balance.available
        wanted = available if amount is None else Decimal(amount).quantize(CENT)
        if wanted > available:
            raise PayoutRefused(
                f"You asked for {wanted} {currency}; {available} {currency} is available."
            )
        if wanted < minimum or wanted <= 0:
            raise PayoutRefused(
                f"Payouts start at {minimum} {currency}; {available} {currency} is available now.",
                code="below_minimum",
            )
        balance.available -= wanted
        balance.save(update_fields=["available", "updated_at"])
        person = person if person is not None and person.is_authenticated else None
        payout = Payout.objects.create(
            partner=partner, amount=wanted, currency=currency, requested_by=person
        )
        audit_record(
            actor=person,
            action="payout.requested",
            target=payout,
            after={"partner": partner.pk, "amount": str(wanted), "currency": currency},
        )
    return payout


def payout_mark_paid(*, payout: Payout, reference: str, actor) -> Payout:
    """Record that the transfer was made: once, with its reference."""
    reference = (reference or "").strip()
    if not reference:
        raise PayoutRefused("A paid payout needs the transfer's reference.")
    if len(reference) > Payout._meta.get_field("reference").max_length:
        raise PayoutRefused("A reference has at most 100 characters.")
    with transaction.atomic():
        locked = Payout.objects.select_for_update().get(pk=payout.pk)
        previous = _move(locked, PayoutStatus.PAID)
        locked.reference, locked.paid_by = reference, actor
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "paid_at", "reference", "paid_by"])
        except IntegrityError:
            raise PayoutRefused(
                f"The reference {reference} already marks another payout paid.", code="conflict"
            ) from None
        audit_record(
            actor=actor,
            action="payout.paid",
            target=locked,
            before={"status": previous},
            after={"status": locked.status, "reference": reference},
        )
    _copy(locked, payout)
    return payout


def payout_cancel(*, payout: Payout, actor) -> Payout:
    """Cancel a requested payout: its amount goes back to the balance (paying off owed first)."""
    with transaction.atomic():
        balance = balances_lock([(payout.partner_id, payout.currency)])[
            (payout.partner_id, payout.currency)
        ]
        locked = Payout.objects.select_for_update().get(pk=payout.pk)
        previous = _move(locked, PayoutStatus.CANCELLED)
        locked.save(update_fields=["status"])
        balance_credit(balance, locked.amount)
        balance.save(update_fields=["available", "owed", "updated_at"])
        audit_record(
            actor=actor,
            action="payout.cancelled",
            target=locked,
            before={"status": previous},
            after={"status": locked.status, "returned": str(locked.amount)},
        )
    _copy(locked, payout)
    return payout


def _move(payout: Payout, target: str) -> str:
    try:
        return payout.transition_to(target)
    except IllegalPayoutTransition as refusal:
        raise PayoutRefused(str(refusal), code="conflict") from None


def _copy(source: Payout, target: Payout) -> None:
    for field in ("status", "paid_at", "reference", "paid_by_id"):
        setattr(target, field, getattr(source, field))
