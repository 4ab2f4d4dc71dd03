"""Making one delivery format of a clip: run by footage.tasks.prepare_format in a worker
(docs/delivery.md, "Formats and preparing").

The master is transcoded into a temporary folder (footage.transcoding), given Clipwire's
Content Credentials with the master as its parent (inside an MP4 or MOV, a `.c2pa` sidecar
beside an MXF), and stored whole in the masters' storage as `formats/<master's stem>/<code>
<suffix>`. Safe to run twice: a format already made from the current master is left alone, a
live run is not joined, and a run overtaken by a newer one (a new master, a retry) throws its
result away. A failure is never raised: the row is queued again (the task does that) until
FORMAT_MAX_ATTEMPTS runs were made, then marked failed with a sentence a buyer can read; what
went wrong is logged and kept for staff.
"""

import logging
import tempfile
from decimal import Decimal
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalog.formats import PROFILES, asset_offer
from catalog.models import VideoAsset
from footage.errors import MediaError
from footage.models import PreparedFormat, format_file_name, stale_before
from footage.signals import format_failed, format_ready
from footage.signing import (
    SIDECAR_SUFFIX,
    SigningUnavailable,
    mime_type_for,
    signed_copy,
)
from footage.storages import local_path, store_whole
from footage.transcoding import transcode

log = logging.getLogger(__name__)
Status = PreparedFormat.Status
RETRY = "retry"  # the task queues the row again


def sidecar_name(name: str) -> str:
    """Where the `.c2pa` manifest of a stored format that cannot carry one is kept."""
    return str(PurePosixPath(name).with_suffix(SIDECAR_SUFFIX))


def format_run(*, prepared_id: int) -> str:
    """Make one prepared format; returns what happened ("done", "retry", "failed", or why
    nothing was done)."""
    row = _claim(prepared_id)
    if isinstance(row, str):
        return row
    asset = row.asset
    offer = asset_offer(asset, row.format)
    if offer is None:
        return _failed(row, _not_offered(row), "The clip's size no longer offers it.", last=True)
    source = asset.master.name
    try:
        with tempfile.TemporaryDirectory(prefix="clipwire-format-") as scratch:
            out = Path(scratch, f"format{offer.profile.suffix}")
            with asset.master.open("rb") as master, local_path(master) as path:
                made = transcode(path, out, offer, progress=_beat(row))
                produced, sidecar, signed = _signed(asset, path, out, offer)
            stored = _store(asset, row.format, produced, sidecar)
    except MediaError as error:
        return _failed(row, unmade_sentence(row.format), f"MediaError: {error}")
    except SigningUnavailable as error:
        return _failed(row, _unsigned(row), f"SigningUnavailable: {error}")
    except Exception as error:  # a crash in FFmpeg or the storage becomes a visible failure
        log.exception("Preparing %s of %s failed", row.format, asset.public_id)
        return _failed(row, unmade_sentence(row.format), f"{type(error).__name__}: {error}")
    return _finish(row, source, made, stored, signed=signed)


def _claim(prepared_id: int):
    """Lock the row and mark it running, or say why this run has nothing to do."""
    with transaction.atomic():
        row = (
            PreparedFormat.objects.select_for_update(of=("self",))
            .select_related("asset")
            .filter(pk=prepared_id)
            .first()
        )
        if row is None:
            return "gone"  # the clip was deleted before the worker got here
        asset = row.asset
        if not asset.master:
            sentence = unmade_sentence(row.format)
            return _failed(row, sentence, "The clip has no master file.", last=True)
        if row.is_ready(asset):
            return "already done"
        beat = row.heartbeat_at or row.updated_at
        if row.status == Status.RUNNING and beat > stale_before():
            return "already running"
        if row.status == Status.FAILED and row.is_current(asset):
            return "failed before"  # staff's "Prepare again" queues it afresh
        now = timezone.now()
        row.status, row.progress, row.error = Status.RUNNING, 0, ""
        row.attempts += 1
        row.run += 1
        row.heartbeat_at, row.source = now, asset.master.name
        row.save(
            update_fields=[
                "status",
                "progress",
                "error",
                "attempts",
                "run",
                "heartbeat_at",
                "source",
                "updated_at",
            ]
        )
    return row


def _beat(row: PreparedFormat):
    def report(fraction):  # the heartbeat too: transcode calls it at least every 15 s
        now = timezone.now()
        PreparedFormat.objects.filter(pk=row.pk, run=row.run, status=Status.RUNNING).update(
            progress=min(99, int(fraction * 100)), heartbeat_at=now, updated_at=now
        )

    return report


def _signed(asset, master_path: str, made: Path, offer):
    """Sign the transcoded file; returns the file to store, its sidecar (or None) and whether
    it is signed. Unsigned when signing is off, or (logged) impossible while
    C2PA_UNSIGNED_FALLBACK allows unsigned files out."""
    if not settings.C2PA_SIGN_DOWNLOADS:
        return made, None, False
    try:
        result = signed_copy(
            made,
            offer.profile.content_type,
            made.with_name(f"signed{offer.profile.suffix}"),
            title=asset.title,
            asset_public_id=asset.public_id,
            parent=(master_path, mime_type_for(asset.master.name)),
        )
    except SigningUnavailable as error:
        if not settings.C2PA_UNSIGNED_FALLBACK:
            raise
        log.warning("Storing %s of %s unsigned: %s", offer.code, asset.public_id, error)
        return made, None, False
    return result.path, result.sidecar_path, True


def _store(asset, code: str, produced: Path, sidecar: Path | None):
    storage = asset.master.storage
    name = store_whole(storage, format_file_name(asset, code), produced)
    if sidecar is not None:
        store_whole(storage, sidecar_name(name), sidecar)
    return name, produced.stat().st_size


def _finish(row: PreparedFormat, source: str, made, stored, *, signed: bool) -> str:
    name, size = stored
    storage = row.asset.master.storage
    with transaction.atomic():
        current = PreparedFormat.objects.select_for_update().filter(pk=row.pk).first()
        master_now = VideoAsset.objects.filter(pk=row.asset_id).values_list("master", flat=True)
        if (
            current is None
            or current.status != Status.RUNNING
            or current.run != row.run
            or master_now.first() != source
        ):
            if current is None or current.file.name != name:
                _delete(storage, name)  # a newer run of the same master writes the same name
            return "superseded"
        old = current.file.name
        PreparedFormat.objects.filter(pk=row.pk).update(
            file=name,
            signed=signed,
            size=size,
            width=made.width,
            height=made.height,
            frame_rate=Decimal(float(made.frame_rate)).quantize(Decimal("0.001")),
            source=source,
            status=Status.DONE,
            progress=100,
            error="",
            detail="",
            updated_at=timezone.now(),
        )
        asset, code = row.asset, row.format
        transaction.on_commit(
            lambda: format_ready.send(sender=PreparedFormat, asset=asset, format=code)
        )
    if old and old != name:
        _delete(storage, old)
    log.info("Prepared %s of %s as %s", row.format, row.asset.public_id, name)
    return "done"


def _failed(row: PreparedFormat, sentence: str, detail: str, *, last: bool = False) -> str:
    """This run failed: queue the row again while runs are left, else mark it failed with
    `sentence` (for the buyer) and `detail` (for staff). A row another run has taken over
    meanwhile is left to it."""
    log.warning("Preparing %s of asset %s: %s", row.format, row.asset_id, detail)
    with transaction.atomic():
        current = PreparedFormat.objects.select_for_update().filter(pk=row.pk, run=row.run).first()
        if current is None:
            return "superseded"
        now = timezone.now()
        if not last and current.attempts < settings.FORMAT_MAX_ATTEMPTS:
            PreparedFormat.objects.filter(pk=row.pk).update(
                status=Status.PENDING, progress=0, detail=detail[:2000], updated_at=now
            )
            return RETRY
        PreparedFormat.objects.filter(pk=row.pk).update(
            status=Status.FAILED, error=sentence, detail=detail[:2000], updated_at=now
        )
        asset, code = row.asset, row.format
        transaction.on_commit(
            lambda: format_failed.send(
                sender=PreparedFormat, asset=asset, format=code, error=sentence
            )
        )
    return "failed"


def _label(row: PreparedFormat) -> str:
    return PROFILES[row.format].label


def unmade_sentence(code: str) -> str:
    """What a buyer reads when a format could not be made (the reason is kept for staff)."""
    return (
        f"The {PROFILES[code].label} file could not be made from this clip's master. Our "
        "staff can see why and prepare it again; the original master can still be downloaded."
    )


def _unsigned(row: PreparedFormat) -> str:
    return (
        f"The {_label(row)} file could not be given its Content Credentials, so it was not "
        "made available. Please ask again later."
    )


def _not_offered(row: PreparedFormat) -> str:
    return f"The {_label(row)} format is not offered for this clip's master."


def _delete(storage, name: str):
    storage.delete(name)
    storage.delete(sidecar_name(name))
