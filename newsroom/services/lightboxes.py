"""Boards: creating, renaming and deleting them, putting clips on them with a note, telling
whether each clip can be bought now, and buying a whole board in one order.

Locks: the buyer row (boards per organisation), then the board row (clips per board); a
purchase takes its own locks (licensing.services.purchase) after ours are released.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalog.models import AssetStatus, VideoAsset
from common.errors import ServiceError
from licensing.models import Buyer, License, LicenseType
from licensing.services.errors import PurchaseInvalid
from licensing.services.purchase import PurchaseItem, PurchaseResult, purchase
from licensing.services.territory import territory_refusal
from newsroom.models import Lightbox, LightboxItem
from newsroom.models.lightboxes import NAME_MAX_LENGTH, NOTE_MAX_LENGTH


class LightboxError(ServiceError):
    """A refusal with the HTTP status and code the API and the site answer with."""

    status, code = 400, "invalid"


class LightboxInvalid(LightboxError):
    status, code = 400, "invalid"


class LightboxConflict(LightboxError):
    """A limit reached, or a clip already on the board."""

    status, code = 409, "conflict"


def max_lightboxes() -> int:
    return settings.LIGHTBOX_MAX_BOARDS


def max_items() -> int:
    return settings.LIGHTBOX_MAX_ITEMS  # by default what one order holds (config.settings)


def clean_name(name) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise LightboxInvalid("A board needs a name.")
    if len(name) > NAME_MAX_LENGTH:
        raise LightboxInvalid(f"A board's name has at most {NAME_MAX_LENGTH} characters.")
    return name


def clean_note(note) -> str:
    note = str(note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise LightboxInvalid(f"A note has at most {NOTE_MAX_LENGTH} characters.")
    return note


@transaction.atomic
def lightbox_create(*, buyer: Buyer, name: str, created_by=None) -> Lightbox:
    name = clean_name(name)
    # Under the buyer's row lock: two members creating at once cannot both pass the limit.
    Buyer.objects.select_for_update().filter(pk=buyer.pk).first()
    if Lightbox.objects.filter(buyer=buyer).count() >= max_lightboxes():
        raise LightboxConflict(
            f"Your organisation has {max_lightboxes()} boards, the most it can keep; delete one "
            "you no longer need first.",
            code="limit_reached",
        )
    board = Lightbox(buyer=buyer, name=name, created_by=_person(created_by))
    board.full_clean()
    board.save()
    return board


@transaction.atomic
def lightbox_rename(*, lightbox: Lightbox, name: str) -> Lightbox:
    lightbox.name = clean_name(name)
    lightbox.save(update_fields=["name", "updated_at"])
    return lightbox


@transaction.atomic
def lightbox_delete(*, lightbox: Lightbox) -> None:
    lightbox.delete()


@transaction.atomic
def lightbox_item_add(
    *, lightbox: Lightbox, asset: VideoAsset, note: str = "", added_by=None
) -> LightboxItem:
    """Put `asset` on the board; a clip already there is a LightboxConflict naming it (the
    note is changed with lightbox_item_note)."""
    note = clean_note(note)
    # Under the board's row lock: two members adding at once cannot both pass the limit.
    board = Lightbox.objects.select_for_update().get(pk=lightbox.pk)
    if LightboxItem.objects.filter(lightbox=board, asset=asset).exists():
        raise LightboxConflict(
            f"“{asset.title}” is already on the board “{board.name}”; change its note instead.",
            code="already_on_board",
        )
    if LightboxItem.objects.filter(lightbox=board).count() >= max_items():
        raise LightboxConflict(
            f"The board “{board.name}” holds {max_items()} clips, the most a board can hold; "
            "start another board.",
            code="limit_reached",
        )
    item = LightboxItem.objects.create(
        lightbox=board, asset=asset, note=note, added_by=_person(added_by)
    )
    board.save(update_fields=["updated_at"])
    return item


@transaction.atomic
def lightbox_item_note(*, item: LightboxItem, note: str) -> LightboxItem:
    item.note = clean_note(note)
    item.save(update_fields=["note"])
    item.lightbox.save(update_fields=["updated_at"])
    return item


@transaction.atomic
def lightbox_item_remove(*, item: LightboxItem) -> None:
    board = item.lightbox
    item.delete()
    board.save(update_fields=["updated_at"])


def lightbox_purchase(
    *,
    lightbox: Lightbox,
    license: str,
    idempotency_key: str,
    request_territory: str | None,
    allow_duplicate: bool = False,
    placed_by=None,
    api_key=None,
) -> PurchaseResult:
    """Every clip on the board under one licence type, as one order through licensing's own
    purchase: its rules and refusals (LicensingError: 400, 402, 409, 422, 451 with items)
    apply per clip, a refusal leaves nothing, and a retry with the same key and the same
    board returns the first order."""
    if not LicenseType.objects.filter(code=license, active=True).exists():
        known = ", ".join(LicenseType.objects.filter(active=True).values_list("code", flat=True))
        raise PurchaseInvalid(f"Unknown licence type “{license}”; licence types are {known}.")
    codes = lightbox.items.order_by("added_at", "id").values_list("asset__public_id", flat=True)
    return purchase(
        buyer=lightbox.buyer,
        items=[PurchaseItem(code, license) for code in codes],
        idempotency_key=idempotency_key,
        request_territory=request_territory,
        allow_duplicate=allow_duplicate,
        placed_by=placed_by,
        api_key=api_key,
    )


@dataclass(frozen=True)
class Availability:
    available: bool
    reason: str  # empty when available; a sentence a person can read otherwise


def lightbox_availability(items, *, buyer: Buyer, request_territory: str | None) -> dict:
    """{item pk: Availability}: whether each clip can be bought now by this buyer here (the
    purchase's own territory rule, the clip's status, an exclusive licence held by anyone).
    One query for the exclusives; the checker runs on the compiled restrictions."""
    now = timezone.now()
    exclusive = {
        lic.asset_id: lic
        for lic in License.objects.not_ended(now).filter(
            asset__in=[item.asset_id for item in items], exclusive=True
        )
    }
    return {
        item.pk: _availability(item.asset, buyer, request_territory, exclusive.get(item.asset_id))
        for item in items
    }


def _availability(asset, buyer, request_territory, exclusive) -> Availability:
    if asset.status == AssetStatus.WITHDRAWN:
        return Availability(False, "Withdrawn: this clip is no longer offered for licensing.")
    if asset.status != AssetStatus.PUBLISHED:
        return Availability(False, "Not published: this clip is not offered for licensing now.")
    refusal = territory_refusal(asset, buyer=buyer, request_territory=request_territory, use=None)
    if refusal is not None:
        return Availability(False, f"Not available: {refusal.short()}.")
    if exclusive is not None:
        return Availability(False, f"Licensed exclusively until {exclusive.ends_at:%Y-%m-%d}.")
    return Availability(True, "")


def _person(user):
    """A signed-in person, or None for an API key (which is not a user row)."""
    if user is None or not getattr(user, "is_authenticated", False) or hasattr(user, "api_key"):
        return None
    return user
