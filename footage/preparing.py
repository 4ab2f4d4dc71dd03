"""Asking for a clip's delivery formats (docs/delivery.md, "Formats and preparing").

The first request for a format of a clip queues one task (footage.tasks.prepare_format) and
every later one, by anyone, gets the same row and, once it is made, the same file: the row is
unique per clip and format and is locked while it is decided whether a task is needed. A row
made from an older master is stale and asking again makes it afresh. Licensing reaches these
through footage.deliveries (settings.DOWNLOAD_DELIVERY), never by importing footage.
"""

import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from catalog.formats import ORIGINAL, PROFILES, Offer, asset_offer, asset_offers
from footage.errors import FormatNotReady, FormatUnavailable
from footage.format_runs import sidecar_name
from footage.models import PreparedFormat, stale_preparing
from footage.recipes import recipe_for
from footage.signing import SIDECAR_MIME_TYPE, SIDECAR_SUFFIX, SigningUnavailable, embeds
from footage.storages import Delivery, open_delivery
from footage.tasks import prepare_format_enqueue

log = logging.getLogger(__name__)
Status = PreparedFormat.Status

READY, PREPARING, FAILED, ABSENT = "ready", "preparing", "failed", "absent"
START_SECONDS = 5  # a run's start (queue, probe) before its first frame, in the estimates
LONGEST_WAIT = 600  # retry_after never says to wait longer: progress is worth a look by then


@dataclass(frozen=True)
class FormatState:
    """Where a format of a clip stands, for the buyer: "ready" to download, "preparing"
    (progress 0-100, ask again in retry_after seconds), "failed" (error says why, for a
    person) or "absent" (never asked for, or made from an older master)."""

    code: str
    state: str
    progress: int = 0
    error: str = ""
    retry_after: int = 0


def format_offer(asset, code: str) -> Offer:
    """The offer of `code` for the clip, or FormatUnavailable (404) saying what is offered."""
    if not asset.master:
        raise FormatUnavailable("This clip has no master file yet, so no format can be made.")
    found = asset_offer(asset, code)
    if found is None:
        offered = ", ".join(o.code for o in asset_offers(asset)) or ORIGINAL
        raise FormatUnavailable(
            f"“{code}” is not a format offered for this clip; it is offered as: {offered}."
        )
    return found


def format_prepare(asset, code: str) -> FormatState:
    """Ask for a format of the clip: queue its task the first time (or when the row is stale),
    else change nothing; returns its state. The original master is always ready. A failed
    format stays failed until staff prepare it again (formats_prepare_again). Raises
    FormatUnavailable for a format not offered for this clip."""
    offer = format_offer(asset, code)
    if code == ORIGINAL:
        return FormatState(code, READY, 100)
    with transaction.atomic():
        found, _ = PreparedFormat.objects.get_or_create(asset=asset, format=code)
        row = PreparedFormat.objects.select_for_update().get(pk=found.pk)
        if not row.is_current(asset):
            row.status, row.progress, row.attempts, row.stalls = Status.PENDING, 0, 0, 0
            row.error, row.detail, row.source = "", "", asset.master.name
            row.save()
            transaction.on_commit(lambda pk=row.pk: prepare_format_enqueue(pk))
            log.info("Preparing %s of %s", code, asset.public_id)
    return _state(row, asset, offer)


def format_state(asset, code: str) -> FormatState:
    """Where one format of the clip stands; changes nothing. Raises FormatUnavailable."""
    offer = format_offer(asset, code)
    if code == ORIGINAL:
        return FormatState(code, READY, 100)
    return _state(asset.prepared_formats.filter(format=code).first(), asset, offer)


def formats_state(asset) -> dict[str, FormatState]:
    """Every format offered for the clip and where it stands, in catalog.formats' order, in
    one query (none when prepared_formats is prefetched)."""
    if not asset.master:
        return {o.code: FormatState(o.code, ABSENT) for o in asset_offers(asset)}
    rows = {row.format: row for row in asset.prepared_formats.all()}
    return {
        o.code: FormatState(o.code, READY, 100)
        if o.code == ORIGINAL
        else _state(rows.get(o.code), asset, o)
        for o in asset_offers(asset)
    }


def prepared_open(asset, code: str) -> Delivery:
    """The stored file of a prepared format, open for reading. Raises FormatUnavailable,
    FormatNotReady (409) until it is made, and SigningUnavailable for a file stored without
    Content Credentials while unsigned files may not go out (prepare it again)."""
    offer = format_offer(asset, code)
    row = _ready_row(asset, code)
    if not row.signed and settings.C2PA_SIGN_DOWNLOADS:
        if not settings.C2PA_UNSIGNED_FALLBACK:
            raise SigningUnavailable(
                f"The {code} file of {asset.public_id} was stored without Content Credentials; "
                "prepare it again to sign it."
            )
        log.warning("Serving %s of %s unsigned (C2PA_UNSIGNED_FALLBACK)", code, asset.public_id)
    profile = offer.profile
    return open_delivery(
        row.file.storage, row.file.name, profile.suffix, profile.content_type, signed=row.signed
    )


def prepared_sidecar_open(asset, code: str) -> Delivery | None:
    """The `.c2pa` manifest stored beside a prepared format that cannot carry one inside (MXF),
    or None when the file carries it (or was stored unsigned)."""
    offer = format_offer(asset, code)
    row = _ready_row(asset, code)
    if not row.signed or embeds(offer.profile.content_type):
        return None
    name = sidecar_name(row.file.name)
    return open_delivery(row.file.storage, name, SIDECAR_SUFFIX, SIDECAR_MIME_TYPE, signed=True)


def prepared_offers_sidecar(code: str) -> bool:
    """Whether a prepared format comes with a separate `.c2pa` manifest (MXF, when signing)."""
    return bool(settings.C2PA_SIGN_DOWNLOADS) and not embeds(PROFILES[code].content_type)


def formats_prepare_again(rows) -> int:
    """Queue again the failed (or stale running) rows among `rows` (a PreparedFormat queryset),
    each with a fresh allowance of FORMAT_MAX_ATTEMPTS runs; returns how many. Staff's
    "Prepare again" in admin."""
    again = list(
        rows.filter(Q(status=Status.FAILED) | stale_preparing()).values_list("pk", flat=True)
    )
    PreparedFormat.objects.filter(pk__in=again).update(
        status=Status.PENDING, progress=0, attempts=0, stalls=0, error=""
    )
    for pk in again:
        transaction.on_commit(lambda pk=pk: prepare_format_enqueue(pk))
    return len(again)


def _ready_row(asset, code: str) -> PreparedFormat:
    row = asset.prepared_formats.filter(format=code).first()
    if row is None or not row.is_ready(asset):
        raise FormatNotReady(
            f"The {PROFILES[code].label} file of this clip is not ready: ask for it to be "
            "prepared, and download it once it is."
        )
    return row


def _state(row: PreparedFormat | None, asset, offer: Offer) -> FormatState:
    code = offer.code
    if row is None or not row.is_current(asset):
        return FormatState(code, ABSENT)
    if row.status == Status.DONE:
        return FormatState(code, READY, 100) if row.file else FormatState(code, ABSENT)
    if row.status == Status.FAILED:
        return FormatState(code, FAILED, row.progress, row.error)
    return FormatState(code, PREPARING, row.progress, retry_after=_retry_after(row, asset, offer))


def _retry_after(row: PreparedFormat, asset, offer: Offer) -> int:
    """Seconds until the format should be made, from the master's length and how fast its
    profile is made (transcoding.Recipe.speed, a multiple of real time), what is left of it."""
    seconds = (asset.duration_seconds or 60) / recipe_for(offer).speed
    left = seconds * (100 - row.progress) / 100 + START_SECONDS
    return max(START_SECONDS, min(LONGEST_WAIT, math.ceil(left)))
