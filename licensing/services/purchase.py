"""Selling licences: checking, pricing and paying for an order, and issuing its licences.

Every action is one short transaction. Locks are taken in one order everywhere: the buyer row,
then the clips (by primary key), then the order, then the partners' balances (by primary key,
ledger.services.balances, through order_created; docs/architecture.md, "Lock order"). The buyer
lock serialises one buyer's purchases (so an idempotency key is checked and used atomically and a
credit balance can never be spent twice); the clip locks serialise sales of the same clip (so an
exclusive is sold once).
"""

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from catalog.models import VideoAsset
from licensing.models import (
    AssetPrice,
    Buyer,
    License,
    LicenseType,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
)
from licensing.services.errors import (
    IdempotencyMismatch,
    PaymentRequired,
    PurchaseConflict,
    PurchaseInvalid,
)
from licensing.services.territory import refuse_items, territory_refusal
from licensing.signals import order_created

MAX_ITEMS = 50


@dataclass(frozen=True)
class PurchaseItem:
    asset: str
    license: str


@dataclass
class PurchaseResult:
    order: Order
    created: bool


# 1 to 255 visible ASCII characters, spaces only inside: what the API schema's pattern says.
IDEMPOTENCY_KEY_PATTERN = r"[!-~](?:[ -~]{0,253}[!-~])?"
IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)


def fingerprint(items: list[PurchaseItem]) -> str:
    body = json.dumps(sorted([item.asset, item.license] for item in items))
    return hashlib.sha256(body.encode()).hexdigest()


def _validate(items, idempotency_key: str) -> list[PurchaseItem]:
    key = (idempotency_key or "").strip()
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise PurchaseInvalid(
            "An Idempotency-Key header of 1 to 255 visible ASCII characters is required."
        )
    if not items:
        raise PurchaseInvalid("An order needs at least one item.")
    if len(items) > MAX_ITEMS:
        raise PurchaseInvalid(f"An order holds at most {MAX_ITEMS} items.")
    if len(set(items)) != len(items):
        raise PurchaseInvalid("The same clip and licence appear twice in the order.")
    return list(items)


def price_for(asset: VideoAsset, license_type: LicenseType, overrides: dict) -> tuple:
    override = overrides.get((asset.pk, license_type.pk))
    if override is not None:
        return override.price, override.currency
    return license_type.price, license_type.currency


def purchase(
    *,
    buyer: Buyer,
    items: list[PurchaseItem],
    idempotency_key: str,
    request_territory: str | None,
    allow_duplicate: bool = False,
    placed_by=None,
    api_key=None,
) -> PurchaseResult:
    """Buy licences for `items`, or return the order this idempotency key already made.

    `request_territory` is where the request comes from (None when unknown): the clips must be
    available there and in the buyer's territory (licensing.services.territory). Unless
    `allow_duplicate`, an item the buyer already holds an active licence of the same type for
    is refused: a second identical licence is almost always a restarted checkout.

    Raises PurchaseInvalid (400), PurchaseUnavailable (451, the checker's reasons per item and
    the territory that refused), PurchaseConflict (409, exclusivity or a licence already
    held), PaymentRequired (402) or IdempotencyMismatch (422); a refusal leaves nothing behind.
    """
    items = _validate(items, idempotency_key)
    request_print = fingerprint(items)
    with transaction.atomic():
        buyer = Buyer.objects.select_for_update().get(pk=buyer.pk)
        existing = _replayed(buyer, idempotency_key, request_print)
        if existing is not None:
            return PurchaseResult(existing, created=False)
        assets = _lock_assets({item.asset for item in items})
        # Read the clock only once the clips are locked: a sale that committed while we waited
        # for the lock has a start time later than any clock read before the wait.
        now = timezone.now()
        types = {t.code: t for t in LicenseType.objects.filter(active=True)}
        _check_known(items, assets, types)
        _check_territory(items, assets, types, buyer, request_territory)
        if not allow_duplicate:
            # Under the buyer's row lock: two checkouts of one buyer cannot both pass this.
            _check_already_held(items, assets, types, buyer, now)
        _check_exclusivity(items, assets, types, now)
        priced = _priced(items, assets, types, buyer)
        total = sum((price for _, _, price in priced), Decimal("0.00"))
        _take_payment(buyer, total)
        order = Order.objects.create(
            buyer=buyer,
            currency=buyer.currency,
            total=total,
            payment_method=buyer.payment_method,
            territory=buyer.territory,
            idempotency_key=idempotency_key,
            request_fingerprint=request_print,
            placed_by=placed_by if placed_by is not None and placed_by.is_authenticated else None,
            api_key=api_key,
        )
        for asset, license_type, price in priced:
            _issue(order, asset, license_type, price, now)
        _mark_paid(order, items)
        # The partners' earnings are credited by its receivers (ledger), in this transaction.
        order_created.send(sender=Order, order=order)
    return PurchaseResult(order, created=True)


def _replayed(buyer: Buyer, idempotency_key: str, request_print: str) -> Order | None:
    """The order this key already made for the (locked) buyer, or None; the same key with
    other items is refused."""
    existing = Order.objects.filter(buyer=buyer, idempotency_key=idempotency_key).first()
    if existing is not None and existing.request_fingerprint != request_print:
        raise IdempotencyMismatch(
            "This Idempotency-Key was used for a different order; use a new key for a new order."
        )
    return existing


def _priced(items, assets, types, buyer: Buyer) -> list[tuple]:
    """(clip, licence type, price) per item, each priced in the buyer's currency."""
    overrides = {
        (p.asset_id, p.license_type_id): p
        for p in AssetPrice.objects.filter(asset__in=assets.values())
    }
    priced = []
    for item in items:
        asset, license_type = assets[item.asset], types[item.license]
        price, currency = price_for(asset, license_type, overrides)
        if currency != buyer.currency:
            raise PurchaseInvalid(
                f"“{asset.title}” is priced in {currency}; this account pays in "
                f"{buyer.currency}. Ask us to quote it in {buyer.currency}."
            )
        priced.append((asset, license_type, price))
    return priced


def _mark_paid(order: Order, items) -> None:
    """The order becomes paid, with its payment row and audit entry."""
    order.transition_to(OrderStatus.PAID)
    order.save(update_fields=["status", "paid_at"])
    Payment.objects.create(
        order=order,
        kind=Payment.Kind.CHARGE,
        method=order.payment_method,
        amount=order.total,
        currency=order.currency,
    )
    audit_record(
        actor=order.placed_by,
        action="order.paid",
        target=order,
        after={
            "buyer": order.buyer_id,
            "total": str(order.total),
            "currency": order.currency,
            "lines": [[item.asset, item.license] for item in items],
        },
    )


def _lock_assets(public_ids: set[str]) -> dict[str, VideoAsset]:
    locked = (
        VideoAsset.objects.published()
        .filter(public_id__in=public_ids)
        .select_related("partner")
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    return {asset.public_id: asset for asset in locked}


def _check_known(items, assets, types) -> None:
    problems = []
    for index, item in enumerate(items):
        if item.asset not in assets:
            problems.append(
                {"index": index, "asset": item.asset, "detail": "No published clip has this id."}
            )
        if item.license not in types:
            known = ", ".join(sorted(types))
            problems.append(
                {"index": index, "license": item.license, "detail": f"Licence types are {known}."}
            )
    if problems:
        raise PurchaseInvalid(
            "Some items name a clip or licence type that does not exist.", problems
        )


def _check_territory(items, assets, types, buyer, request_territory) -> None:
    refusals = []
    for index, item in enumerate(items):
        refusal = territory_refusal(
            assets[item.asset],
            buyer=buyer,
            request_territory=request_territory,
            use=types[item.license].use,
        )
        if refusal is not None:
            refusals.append((index, item.asset, refusal))
    refuse_items(refusals)


def held_licenses(buyer: Buyer, asset_ids, now=None):
    """The buyer's licences still in force or yet to start (not revoked, not ended) for these
    clips: what a second purchase of the same clip and type would duplicate."""
    return License.objects.not_ended(now).filter(buyer=buyer, asset__in=asset_ids)


def _check_already_held(items, assets, types, buyer, now) -> None:
    held = {
        (lic.asset_id, lic.license_type_id): lic
        for lic in held_licenses(buyer, [asset.pk for asset in assets.values()], now)
    }
    conflicts = []
    for index, item in enumerate(items):
        license_type = types[item.license]
        found = held.get((assets[item.asset].pk, license_type.pk))
        if found is not None:
            conflicts.append(
                {
                    "index": index,
                    "asset": item.asset,
                    "license": item.license,
                    "held_license": found.public_id,
                    "detail": f"You already hold {license_type.name} licence {found.public_id} "
                    f"for this clip, in force until {found.ends_at:%Y-%m-%d}.",
                }
            )
    if conflicts:
        first = conflicts[0]
        raise PurchaseConflict(
            f'{first["detail"]} To buy it again, send "allow_duplicate": true.',
            conflicts,
            code="already_licensed",
        )


def exclusivity_conflict(held: list[License], wanted: LicenseType) -> str | None:
    """Why `wanted` cannot be sold for a clip whose active licences are `held`, or None."""
    exclusive = next((lic for lic in held if lic.exclusive), None)
    if exclusive is not None:
        return f"Licensed exclusively until {exclusive.ends_at:%Y-%m-%d}"
    if wanted.exclusive and held:
        return "Others hold active licences, so it cannot be licensed exclusively"
    return None


def _check_exclusivity(items, assets, types, now) -> None:
    active = License.objects.not_ended(now).filter(asset__in=assets.values())
    by_asset: dict[int, list[License]] = {}
    for license_ in active:
        by_asset.setdefault(license_.asset_id, []).append(license_)
    conflicts = []
    for index, item in enumerate(items):
        asset, wanted = assets[item.asset], types[item.license]
        conflict = exclusivity_conflict(by_asset.get(asset.pk, []), wanted)
        in_order = [other for other in items if other.asset == item.asset and other != item]
        if conflict:
            detail = f"{conflict}."
        elif in_order and (wanted.exclusive or any(types[o.license].exclusive for o in in_order)):
            detail = "An exclusive licence cannot be bought alongside another for the same clip."
        else:
            continue
        conflicts.append({"index": index, "asset": item.asset, "detail": detail})
    if conflicts:
        raise PurchaseConflict("An exclusive licence stands in the way.", conflicts)


def _take_payment(buyer: Buyer, total: Decimal) -> None:
    """Charge the (locked) buyer: credits down, or the invoice balance up within its limit."""
    if buyer.payment_method == Buyer.PaymentMethod.CREDITS:
        if buyer.credit_balance < total:
            raise PaymentRequired(
                f"The order costs {total} {buyer.currency}; the credit balance is "
                f"{buyer.credit_balance} {buyer.currency}. Top up and try again with the same key."
            )
        buyer.credit_balance -= total
        buyer.save(update_fields=["credit_balance"])
        return
    if buyer.invoice_balance + total > buyer.invoice_limit:
        room = buyer.invoice_limit - buyer.invoice_balance
        raise PaymentRequired(
            f"The order costs {total} {buyer.currency}; {room} {buyer.currency} is left of the "
            "invoice limit. Settle an invoice or ask for a higher limit."
        )
    buyer.invoice_balance += total
    buyer.save(update_fields=["invoice_balance"])


def _issue(order, asset, license_type, price, now) -> None:
    """The order line (with the partner's share it was sold at) and its licence."""
    # _check_territory already compiled this clip's restrictions and refused the sale if they
    # could not be read (availability() turns a RestrictionError into a refusal), so this
    # cannot raise here.
    duties = list(asset.restriction_set().duties)
    share = asset.partner.revenue_share  # the ledger credits it (ledger.services.credits)
    line = OrderLine.objects.create(
        order=order,
        asset=asset,
        license_type=license_type,
        partner=asset.partner,
        asset_public_id=asset.public_id,
        title=asset.title,
        license_code=license_type.code,
        license_name=license_type.name,
        use=license_type.use,
        exclusive=license_type.exclusive,
        duration_days=license_type.duration_days,
        terms=license_type.terms,
        restrictions=asset.restrictions,
        duties=duties,
        territory=order.territory,
        price=price,
        currency=order.currency,
        partner_share=share,
    )
    starts, ends = License.term_for(license_type.duration_days, now)
    License.objects.create(
        line=line,
        buyer=order.buyer,
        asset=asset,
        license_type=license_type,
        exclusive=license_type.exclusive,
        starts_at=starts,
        ends_at=ends,
    )
