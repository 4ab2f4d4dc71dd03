"""Selling licences: checking, pricing and paying for an order, and issuing its licences.

Every action is one short transaction. Locks are taken in one order everywhere: the buyer row,
then the clips (by primary key), then the order, then the partners' balances (by primary key,
ledger.services.balances, through order_created; docs/architecture.md, "Lock order"). The buyer
lock serialises one buyer's purchases (so an idempotency key is checked and used atomically and a
credit balance can never be spent twice); the clip locks serialise sales of the same clip (so an
exclusive is sold once). A purchase that upgrades licences the buyer holds locks them after the
clips (licensing.services.upgrades).

Each item names a resolution tier, or buys the highest its clip is sold at; its price is the
licence type's price for the clip times the tier's factor (licensing.services.tiers).
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
from licensing.services.tiers import PriceBook, item_tiers
from licensing.services.upgrades import held_upgrades
from licensing.signals import order_created

MAX_ITEMS = 50


@dataclass(frozen=True)
class PurchaseItem:
    asset: str
    license: str
    resolution: str | None = None  # a tier of catalog.formats.TIERS; None: the clip's highest

    def request(self) -> list[str]:
        """What the idempotency fingerprint holds of the item; an item without a resolution
        reads as it did before tiers, so an older order's key still replays."""
        named = [self.asset, self.license]
        return named if self.resolution is None else [*named, self.resolution]


@dataclass(frozen=True)
class Priced:
    """An item as it will be sold: its tier, price and the licence it upgrades, if any."""

    asset: VideoAsset
    license_type: LicenseType
    tier: str
    factor: Decimal
    price: Decimal
    upgrade_of: License | None


@dataclass
class PurchaseResult:
    order: Order
    created: bool


# 1 to 255 visible ASCII characters, spaces only inside: what the API schema's pattern says.
IDEMPOTENCY_KEY_PATTERN = r"[!-~](?:[ -~]{0,253}[!-~])?"
IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)


def fingerprint(items: list[PurchaseItem]) -> str:
    body = json.dumps(sorted(item.request() for item in items))
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
    if len({(item.asset, item.license) for item in items}) != len(items):
        raise PurchaseInvalid("The same clip and licence appear twice in the order.")
    return list(items)


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
    is refused at the same or a lower tier (a second identical licence is almost always a
    restarted checkout) and upgrades the licence held at a higher one
    (licensing.services.upgrades); with it, every item is a new licence.

    Raises PurchaseInvalid (400; also a resolution the clip is not sold at), PurchaseUnavailable
    (451, the checker's reasons per item and the territory that refused), PurchaseConflict
    (409, exclusivity or a licence already held), PaymentRequired (402) or IdempotencyMismatch
    (422); a refusal leaves nothing behind.
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
        tiers = item_tiers(items, assets)
        _check_territory(items, assets, types, buyer, request_territory)
        upgrades = {}
        if not allow_duplicate:
            # Under the buyer's row lock: two checkouts of one buyer cannot both pass this.
            upgrades = held_upgrades(items, tiers, assets, types, buyer, now)
        _check_exclusivity(items, assets, types, now, upgrades)
        priced = _priced(items, tiers, assets, types, buyer, upgrades)
        total = sum((sold.price for sold in priced), Decimal("0.00"))
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
        for sold in priced:
            _issue(order, sold, now)
        _mark_paid(order, priced)
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


def _priced(items, tiers, assets, types, buyer: Buyer, upgrades: dict) -> list[Priced]:
    """Each item at its tier's price, or for an upgrade the difference from the tier held,
    in the buyer's currency."""
    book = PriceBook.for_assets(assets.values())
    priced = []
    for index, item in enumerate(items):
        asset, license_type, tier = assets[item.asset], types[item.license], tiers[index]
        held = upgrades.get(index)
        if held is None:
            found = book.price(asset, license_type, tier)
        else:
            found = book.upgrade_price(asset, license_type, held.resolution, tier)
        if found.currency != buyer.currency:
            raise PurchaseInvalid(
                f"“{asset.title}” is priced in {found.currency}; this account pays in "
                f"{buyer.currency}. Ask us to quote it in {buyer.currency}."
            )
        priced.append(Priced(asset, license_type, tier, found.factor, found.price, held))
    return priced


def _mark_paid(order: Order, priced: list[Priced]) -> None:
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
            "lines": [[sold.asset.public_id, sold.license_type.code, sold.tier] for sold in priced],
            "upgrades": [sold.upgrade_of.public_id for sold in priced if sold.upgrade_of],
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


def exclusivity_conflict(held: list[License], wanted: LicenseType) -> str | None:
    """Why `wanted` cannot be sold for a clip whose active licences are `held`, or None."""
    exclusive = next((lic for lic in held if lic.exclusive), None)
    if exclusive is not None:
        return f"Licensed exclusively until {exclusive.ends_at:%Y-%m-%d}"
    if wanted.exclusive and held:
        return "Others hold active licences, so it cannot be licensed exclusively"
    return None


def _check_exclusivity(items, assets, types, now, upgrades: dict) -> None:
    """Refuse items an exclusive licence stands in the way of; an upgrade issues no licence,
    so nothing stands in its way."""
    active = License.objects.not_ended(now).filter(asset__in=assets.values())
    by_asset: dict[int, list[License]] = {}
    for license_ in active:
        by_asset.setdefault(license_.asset_id, []).append(license_)
    conflicts = []
    for index, item in enumerate(items):
        if index in upgrades:
            continue
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


def _issue(order, sold: Priced, now) -> None:
    """The order line (with the partner's share it was sold at) and its licence; for an
    upgrade, the line and the held licence raised to its tier (term unchanged)."""
    asset, license_type, upgrade = sold.asset, sold.license_type, sold.upgrade_of
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
        price=sold.price,
        currency=order.currency,
        partner_share=share,
        resolution=sold.tier,
        tier_factor=sold.factor,
        upgrade_of=upgrade,
        upgraded_from=upgrade.resolution if upgrade else "",
    )
    if upgrade is not None:
        License.objects.filter(pk=upgrade.pk).update(resolution=sold.tier)
        upgrade.resolution = sold.tier
        return
    starts, ends = License.term_for(license_type.duration_days, now)
    License.objects.create(
        line=line,
        buyer=order.buyer,
        asset=asset,
        license_type=license_type,
        exclusive=license_type.exclusive,
        resolution=sold.tier,
        starts_at=starts,
        ends_at=ends,
    )
