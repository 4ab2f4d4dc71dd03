"""Selling licences: the purchase, refunds, revocations, API keys and download links.

Every action is one short transaction. Locks are taken in one order everywhere: the buyer row,
then the clips (by primary key), then the order. The buyer lock serialises one buyer's
purchases (so an idempotency key is checked and used atomically and a credit balance can never
be spent twice); the clip locks serialise sales of the same clip (so an exclusive is sold once).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from audit.services import audit_record
from catalog.models import VideoAsset
from common.responses import UNAVAILABLE_FOR_LEGAL_REASONS
from common.slugs import unique_slug
from licensing.models import (
    CENT,
    ApiKey,
    AssetPrice,
    Buyer,
    BuyerMember,
    Download,
    Earning,
    License,
    LicenseType,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    hash_key,
)

MAX_ITEMS = 50
DOWNLOAD_LINK_MINUTES = 15
DOWNLOAD_SALT = "licensing.download"


class LicensingError(Exception):
    """A refusal with an HTTP status, a sentence and per-item details."""

    status = 400
    code = "invalid"

    def __init__(self, detail: str, items: list | None = None):
        self.detail, self.items = detail, items or []
        super().__init__(detail)


class PurchaseInvalid(LicensingError):
    status, code = 400, "invalid"


class PurchaseUnavailable(LicensingError):
    status, code = UNAVAILABLE_FOR_LEGAL_REASONS, "unavailable"


class PurchaseConflict(LicensingError):
    status, code = 409, "conflict"


class PaymentRequired(LicensingError):
    status, code = 402, "payment_required"


class IdempotencyMismatch(LicensingError):
    status, code = 422, "idempotency_key_reused"


class LicenseUnusable(LicensingError):
    status, code = 403, "license_unusable"


@dataclass(frozen=True)
class PurchaseItem:
    asset: str
    license: str


@dataclass
class PurchaseResult:
    order: Order
    created: bool


def fingerprint(items: list[PurchaseItem]) -> str:
    body = json.dumps(sorted([item.asset, item.license] for item in items))
    return hashlib.sha256(body.encode()).hexdigest()


def _validate(items, idempotency_key: str) -> list[PurchaseItem]:
    key = (idempotency_key or "").strip()
    if not key or len(key) > 255 or not key.isprintable():
        raise PurchaseInvalid(
            "An Idempotency-Key header of 1 to 255 printable characters is required."
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


def earning_amount(price: Decimal, share: Decimal) -> Decimal:
    return (price * share).quantize(CENT, rounding=ROUND_HALF_UP)


def purchase(
    *, buyer: Buyer, items: list[PurchaseItem], idempotency_key: str, placed_by=None, api_key=None
) -> PurchaseResult:
    """Buy licences for `items`, or return the order this idempotency key already made.

    Raises PurchaseInvalid (400), PurchaseUnavailable (451, the checker's reasons per item),
    PurchaseConflict (409, exclusivity), PaymentRequired (402) or IdempotencyMismatch (422);
    a refusal leaves nothing behind.
    """
    items = _validate(items, idempotency_key)
    request_print = fingerprint(items)
    with transaction.atomic():
        buyer = Buyer.objects.select_for_update().get(pk=buyer.pk)
        existing = Order.objects.filter(buyer=buyer, idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.request_fingerprint != request_print:
                raise IdempotencyMismatch(
                    "This Idempotency-Key was used for a different order; use a new key for a "
                    "new order.",
                )
            return PurchaseResult(existing, created=False)
        assets = _lock_assets({item.asset for item in items})
        # Read the clock only once the clips are locked: a sale that committed while we waited
        # for the lock has a start time later than any clock read before the wait.
        now = timezone.now()
        types = {t.code: t for t in LicenseType.objects.filter(active=True)}
        _check_known(items, assets, types)
        _check_territory(items, assets, types, buyer)
        _check_exclusivity(items, assets, types, now)
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
        order.transition_to(OrderStatus.PAID)
        order.save(update_fields=["status", "paid_at"])
        Payment.objects.create(
            order=order,
            kind=Payment.Kind.CHARGE,
            method=order.payment_method,
            amount=total,
            currency=order.currency,
        )
        audit_record(
            actor=order.placed_by,
            action="order.paid",
            target=order,
            after={
                "buyer": buyer.pk,
                "total": str(total),
                "currency": order.currency,
                "lines": [[item.asset, item.license] for item in items],
            },
        )
    return PurchaseResult(order, created=True)


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


def _check_territory(items, assets, types, buyer) -> None:
    refusals = []
    for index, item in enumerate(items):
        decision = assets[item.asset].availability(buyer.territory, use=types[item.license].use)
        if not decision.allowed:
            refusals.append(
                {"index": index, "asset": item.asset, "reasons": list(decision.reasons)}
            )
    if refusals:
        raise PurchaseUnavailable(
            f"The clip's restrictions do not allow this licence for your territory "
            f"({buyer.territory}).",
            refusals,
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


def _issue(order, asset, license_type, price, now) -> License:
    try:
        duties = list(asset.restriction_set().duties)
    except ValueError:  # cannot happen for a published clip; keep the sale honest anyway
        duties = []
    share = asset.partner.revenue_share
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
    Earning.objects.create(
        partner=asset.partner,
        line=line,
        kind=Earning.Kind.SALE,
        share=share,
        amount=earning_amount(price, share),
        currency=order.currency,
    )
    starts, ends = License.term_for(license_type.duration_days, now)
    return License.objects.create(
        line=line,
        buyer=order.buyer,
        asset=asset,
        license_type=license_type,
        exclusive=license_type.exclusive,
        starts_at=starts,
        ends_at=ends,
    )


@transaction.atomic
def order_refund(*, order: Order, actor=None, reason: str = "Refunded") -> Order:
    """Give the money back, revoke the order's licences and reverse the partners' earnings."""
    buyer = Buyer.objects.select_for_update().get(pk=order.buyer_id)
    locked = Order.objects.select_for_update().get(pk=order.pk)
    previous = locked.transition_to(OrderStatus.REFUNDED)
    locked.save(update_fields=["status", "refunded_at"])
    if locked.payment_method == Buyer.PaymentMethod.CREDITS:
        buyer.credit_balance += locked.total
        buyer.save(update_fields=["credit_balance"])
    else:
        # What is still owed is cancelled; what was already paid comes back as credit.
        cancelled = min(buyer.invoice_balance, locked.total)
        buyer.invoice_balance -= cancelled
        buyer.credit_balance += locked.total - cancelled
        buyer.save(update_fields=["invoice_balance", "credit_balance"])
    Payment.objects.create(
        order=locked,
        kind=Payment.Kind.REFUND,
        method=locked.payment_method,
        amount=-locked.total,
        currency=locked.currency,
    )
    now = timezone.now()
    License.objects.filter(line__order=locked, revoked_at__isnull=True).update(
        revoked_at=now, revoke_reason=f"Order refunded: {reason}"[:300]
    )
    for sale in Earning.objects.filter(line__order=locked, kind=Earning.Kind.SALE):
        Earning.objects.create(
            partner_id=sale.partner_id,
            line_id=sale.line_id,
            kind=Earning.Kind.REFUND,
            share=sale.share,
            amount=-sale.amount,
            currency=sale.currency,
        )
    audit_record(
        actor=actor,
        action="order.refunded",
        target=locked,
        before={"status": previous},
        after={"status": locked.status, "refunded": str(locked.total), "reason": reason},
    )
    order.status, order.refunded_at = locked.status, locked.refunded_at
    return order


@transaction.atomic
def license_revoke(*, license: License, actor=None, reason: str) -> License:
    """Withdraw a licence (a legal demand, a partner's takedown); the money stays as it is."""
    locked = License.objects.select_for_update().get(pk=license.pk)
    if locked.revoked_at is not None:
        raise LicenseUnusable(f"Licence {locked.public_id} was already revoked.")
    locked.revoked_at, locked.revoke_reason = timezone.now(), reason[:300]
    locked.save(update_fields=["revoked_at", "revoke_reason"])
    audit_record(
        actor=actor,
        action="license.revoked",
        target=locked,
        after={"reason": locked.revoke_reason},
    )
    license.revoked_at, license.revoke_reason = locked.revoked_at, locked.revoke_reason
    return license


# Buyers and keys


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
        raise PurchaseInvalid("Credits and invoice limits cannot be negative.")
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
        raise PurchaseInvalid(f"{email} already belongs to another organisation.")
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
        raise PurchaseInvalid("Add a positive amount of credits.")
    locked = Buyer.objects.select_for_update().get(pk=buyer.pk)
    before = locked.credit_balance
    locked.credit_balance += Decimal(amount).quantize(CENT)
    locked.save(update_fields=["credit_balance"])
    audit_record(
        actor=actor,
        action="buyer.credits",
        target=locked,
        before={"credit_balance": str(before)},
        after={"credit_balance": str(locked.credit_balance)},
    )
    buyer.credit_balance = locked.credit_balance
    return buyer


@transaction.atomic
def buyer_settle_invoice(*, buyer: Buyer, amount: Decimal, actor=None) -> Buyer:
    """Record money received against the invoice balance (it can only fall to zero)."""
    locked = Buyer.objects.select_for_update().get(pk=buyer.pk)
    if amount <= 0 or amount > locked.invoice_balance:
        raise PurchaseInvalid(
            f"Settle between 0.01 and the {locked.invoice_balance} {locked.currency} owed."
        )
    before = locked.invoice_balance
    locked.invoice_balance -= Decimal(amount).quantize(CENT)
    locked.save(update_fields=["invoice_balance"])
    audit_record(
        actor=actor,
        action="buyer.invoice_settled",
        target=locked,
        before={"invoice_balance": str(before)},
        after={"invoice_balance": str(locked.invoice_balance)},
    )
    buyer.invoice_balance = locked.invoice_balance
    return buyer


BUYER_EDITABLE = ("name", "slug", "country", "currency", "payment_method", "invoice_limit")


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
        raise PurchaseInvalid(
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


def api_key_create(*, buyer: Buyer, name: str = "API key", created_by=None) -> tuple[ApiKey, str]:
    """A new key; the raw key is returned once and only its hash is kept."""
    prefix, raw = ApiKey.generate()
    key = ApiKey.objects.create(
        buyer=buyer,
        name=name[:100] or "API key",
        prefix=prefix,
        hashed_key=hash_key(raw),
        created_by=created_by if created_by is not None and created_by.is_authenticated else None,
    )
    return key, raw


def api_key_revoke(*, key: ApiKey, actor=None) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_key.revoked", target=key)
    return key


def api_key_authenticate(raw: str) -> ApiKey | None:
    """The active key `raw` stands for, or None. Records when it was last used (at most once a
    minute, so reads do not turn into writes)."""
    prefix = (raw or "").split(".", 1)[0]
    if not prefix or "." not in raw:
        return None
    key = ApiKey.objects.select_related("buyer").filter(prefix=prefix).first()
    if key is None or not key.is_active or not key.matches(raw):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


# Downloads


def license_usable(license: License, buyer: Buyer) -> None:
    """Raise LicenseUnusable (or PurchaseUnavailable) unless the buyer may fetch the master."""
    if license.revoked_at is not None:
        raise LicenseUnusable(f"Licence {license.public_id} was revoked: {license.revoke_reason}")
    if not license.is_active():
        raise LicenseUnusable(
            f"Licence {license.public_id} is not in force: it runs "
            f"{license.starts_at:%Y-%m-%d} to {license.ends_at:%Y-%m-%d}."
        )
    decision = license.asset.availability(buyer.territory, use=license.line.use)
    if not decision.allowed:
        raise PurchaseUnavailable(
            f"The clip's restrictions no longer allow it in {buyer.territory}.",
            [{"asset": license.asset.public_id, "reasons": list(decision.reasons)}],
        )


def download_link_create(
    *, license: License, buyer: Buyer, api_key: ApiKey | None = None
) -> tuple[str, object]:
    """A signed token for the master, valid DOWNLOAD_LINK_MINUTES; returns (token, expires_at).
    A link made with an API key stops working when that key is revoked."""
    license_usable(license, buyer)
    if not license.asset.master:
        raise LicenseUnusable("The master file of this clip is not available yet; try later.")
    claims = {"l": license.pk, "b": buyer.pk, "k": api_key.pk if api_key is not None else None}
    token = signing.dumps(claims, salt=DOWNLOAD_SALT, compress=True)
    return token, timezone.now() + timedelta(minutes=DOWNLOAD_LINK_MINUTES)


def download_open(*, token: str):
    """Check a download token again, record the download and open the master.

    Returns (license, file). Raises signing.BadSignature / SignatureExpired for a bad or old
    token, and LicenseUnusable / PurchaseUnavailable when the licence no longer allows it."""
    data = signing.loads(token, salt=DOWNLOAD_SALT, max_age=DOWNLOAD_LINK_MINUTES * 60)
    license = License.objects.select_related("asset", "buyer", "line").get(pk=data["l"])
    if license.buyer_id != data["b"]:
        raise signing.BadSignature("token and licence disagree")
    key_id = data.get("k")
    if (
        key_id is not None
        and not ApiKey.objects.filter(
            pk=key_id, buyer_id=license.buyer_id, revoked_at__isnull=True
        ).exists()
    ):
        raise LicenseUnusable("The API key this link was made with has been revoked.")
    license_usable(license, license.buyer)
    master = license.asset.master
    if not master or not master.storage.exists(master.name):
        raise LicenseUnusable("The master file of this clip is not available yet; try later.")
    Download.objects.create(
        license=license,
        buyer=license.buyer,
        territory=license.buyer.territory,
        size=master.size,
    )
    return license, master.open("rb")


def download_filename(license: License) -> str:
    return f"{slugify(license.asset.title)[:80] or 'clip'}-{license.public_id}.mp4"
