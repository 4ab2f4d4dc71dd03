"""Buyer organisations: creating one, topping up its credit, recording invoice payments and
saving staff's edits. Each runs under the buyer's row lock, the first lock of the order set out
in licensing.services.purchase."""

from decimal import Decimal

from django.db import transaction

from audit.services import audit_record
from common.slugs import unique_slug
from licensing.models import CENT, Buyer, BuyerMember
from licensing.services.errors import BuyerError
from licensing.services.keys import api_key_create


@transaction.atomic
def buyer_create(
    *,
    name: str,
    country: str,
    email: str,
    credits: Decimal = Decimal("0"),
    invoice_limit: Decimal | None = None,
    currency: str = "USD",
    actor=None,
):
    """An organisation, its first member (by e-mail, no password until they set one) and its
    first API key. Returns (buyer, raw key)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if credits < 0 or (invoice_limit is not None and invoice_limit < 0):
        raise BuyerError("Credits and invoice limits cannot be negative.")
    buyer = Buyer(
        name=name,
        slug=unique_slug(Buyer, name),
        country=country.upper(),
        currency=currency.upper(),
        payment_method=Buyer.PaymentMethod.INVOICE
        if invoice_limit is not None
        else Buyer.PaymentMethod.CREDITS,
        invoice_limit=invoice_limit or Decimal("0.00"),
    )
    buyer.full_clean()
    buyer.credit_balance = Decimal(credits).quantize(CENT)
    buyer.save()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email[:150], email=email)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    if BuyerMember.objects.filter(user=user).exists():
        raise BuyerError(f"{email} already belongs to another organisation.")
    BuyerMember.objects.create(buyer=buyer, user=user)
    _, raw = api_key_create(buyer=buyer, name="First key", created_by=actor)
    audit_record(
        actor=actor,
        action="buyer.create",
        target=buyer,
        after={"country": buyer.territory, "credits": str(buyer.credit_balance)},
    )
    return buyer, raw


@transaction.atomic
def buyer_add_credits(*, buyer: Buyer, amount: Decimal, actor=None) -> Buyer:
    if amount <= 0:
        raise BuyerError("Add a positive amount of credits.")
    locked = Buyer.objects.select_for_update().get(pk=buyer.pk)
    change = Decimal(amount).quantize(CENT)
    return _move_balance(buyer, locked, "credit_balance", change, "buyer.credits", actor)


@transaction.atomic
def buyer_settle_invoice(*, buyer: Buyer, amount: Decimal, actor=None) -> Buyer:
    """Record money received against the invoice balance (it can only fall to zero)."""
    locked = Buyer.objects.select_for_update().get(pk=buyer.pk)
    if amount <= 0 or amount > locked.invoice_balance:
        raise BuyerError(
            f"Settle between 0.01 and the {locked.invoice_balance} {locked.currency} owed."
        )
    change = -Decimal(amount).quantize(CENT)
    return _move_balance(buyer, locked, "invoice_balance", change, "buyer.invoice_settled", actor)


# What a money_field (12 digits, 2 after the point) holds; past it PostgreSQL refuses the row.
LARGEST_BALANCE = Decimal("9999999999.99")


def _move_balance(buyer: Buyer, locked: Buyer, field: str, change: Decimal, action, actor) -> Buyer:
    """Add `change` to one balance of the locked buyer row, audit it, and show it on `buyer`."""
    before = getattr(locked, field)
    if before + change > LARGEST_BALANCE:
        raise BuyerError(
            f"That would take the balance past {LARGEST_BALANCE:,} {locked.currency}, the most "
            "an account holds; nothing was changed."
        )
    setattr(locked, field, before + change)
    locked.save(update_fields=[field])
    audit_record(
        actor=actor,
        action=action,
        target=locked,
        before={field: str(before)},
        after={field: str(getattr(locked, field))},
    )
    setattr(buyer, field, getattr(locked, field))
    return buyer


BUYER_EDITABLE = (
    "name", "slug", "known_as", "country", "currency", "payment_method", "invoice_limit",
    "require_project_code", "require_download_note",
)  # fmt: skip


@transaction.atomic
def buyer_update(*, buyer: Buyer, fields, actor=None) -> Buyer:
    """Save staff's edits to `fields` only, under the row lock: balances are never written
    from a form (a purchase committing meanwhile would be undone), and the currency of an
    account that holds money or has orders cannot change."""
    locked = Buyer.objects.select_for_update().get(pk=buyer.pk)
    fields = [name for name in fields if name in BUYER_EDITABLE]
    currency_changed = "currency" in fields and buyer.currency != locked.currency
    holds_money = locked.credit_balance or locked.invoice_balance or locked.orders.exists()
    if currency_changed and holds_money:
        raise BuyerError(
            f"This account holds money or has orders in {locked.currency}; its currency "
            "cannot change."
        )
    before = {name: str(getattr(locked, name)) for name in fields}
    for name in fields:
        setattr(locked, name, getattr(buyer, name))
    locked.full_clean()
    locked.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action="buyer.update",
        target=locked,
        before=before,
        after={name: str(getattr(locked, name)) for name in fields},
    )
    return locked
