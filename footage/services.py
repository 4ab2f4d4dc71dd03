"""Footage in: check and probe a master, store it, and ask for its renditions.

Admin uploads and `ingest_video` both come through here, and so must any later way in (a
resumable upload): master_check() is the one check a master passes, and asset_attach_master()
runs it itself, so nothing can be stored as a master without it. Nothing is stored until the
file has been checked, and a failure after storing removes what was stored: bad input leaves
no asset and no file behind. Renditions are made in the background (footage.tasks,
footage.rendering).
"""

import os
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_record
from catalog.models import ContentPartner, VideoAsset
from catalog.services import asset_save
from footage import encoding
from footage.encoding import MediaError, Probe
from footage.evidence.services import master_replaced
from footage.models import Rendition, stale_running
from footage.storages import local_path
from footage.tasks import read_evidence, render_rendition

RENDITION_KINDS = [kind for kind, _ in Rendition.Kind.choices]


def check_size(size: int) -> None:
    if size <= 0:
        raise MediaError("The file is empty.")
    limit = settings.MASTER_MAX_BYTES
    if size > limit:
        raise MediaError(
            f"The file is {size / 1e6:,.0f} MB; masters may be at most {limit / 1e6:,.0f} MB."
        )


def master_check(file) -> Probe:
    """The check every master passes before it is stored, however it arrives: its size, then
    its content (not its name): playable video in an allowed container format (MP4/MOV, MXF,
    Matroska/WebM, MPEG-TS, AVI), opened as a local file only, so a playlist or anything that
    points at other files or URLs is refused (footage.containers).

    `file` is a path or a Django File (an upload, a stored file). Returns what the file holds;
    raises MediaError saying what is wrong."""
    if isinstance(file, str | os.PathLike):
        check_size(os.path.getsize(file))
        return encoding.probe(os.fspath(file))
    check_size(file.size)
    with local_path(file) as path:
        return encoding.probe(path)


def picture_fields(probe: Probe) -> dict:
    """The clip fields a probe of its master gives: duration, size and frame rate."""
    rate = probe.frame_rate
    return {
        "duration_seconds": probe.duration_seconds,
        "width": probe.width,
        "height": probe.height,
        "frame_rate": Decimal(float(rate)).quantize(Decimal("0.001")) if rate else None,
    }


def asset_attach_master(*, asset: VideoAsset, file, actor=None) -> VideoAsset:
    """Check `file` (master_check) and store it as the asset's master, with the duration and
    picture it holds, and ask for new renditions. The previous master is deleted once the change
    is committed. Raises MediaError, storing nothing, when the file is not an acceptable master.
    """
    probe = master_check(file)
    storage = asset.master.storage
    name = storage.save(asset.master.field.generate_filename(asset, file.name), file)
    try:
        with transaction.atomic():
            locked = VideoAsset.objects.select_for_update().get(pk=asset.pk)
            previous = locked.master.name
            fields = {"master": name, **picture_fields(probe), "updated_at": timezone.now()}
            VideoAsset.objects.filter(pk=asset.pk).update(**fields)
            audit_record(
                actor=actor,
                action="asset.master",
                target=locked,
                before={"master": previous, "duration_seconds": locked.duration_seconds},
                after={"master": name, "duration_seconds": fields["duration_seconds"]},
            )
            renditions_request(asset=locked)
            master_replaced(locked)
            transaction.on_commit(lambda pk=locked.pk: read_evidence.enqueue(pk))
            if previous:
                transaction.on_commit(lambda: storage.delete(previous))
    except BaseException:
        storage.delete(name)
        raise
    for field, value in fields.items():
        setattr(asset, field, value)
    asset.master.name = name
    return asset


def asset_ingest(
    *, path: str, partner: ContentPartner, title: str, restrictions: str = "", actor=None
) -> VideoAsset:
    """A new draft asset from a video file on disk; its duration comes from the file."""
    probe = master_check(path)  # before the asset exists: it takes its duration from the file
    with transaction.atomic():
        asset = VideoAsset(
            title=title, partner=partner, restrictions=restrictions, **picture_fields(probe)
        )
        asset_save(asset=asset, actor=actor)
        with open(path, "rb") as handle:
            asset_attach_master(asset=asset, file=File(handle, name=Path(path).name), actor=actor)
    return asset


def renditions_request(*, asset: VideoAsset, kinds=None) -> list[Rendition]:
    """Mark the asset's renditions pending and queue their tasks after the commit."""
    made = []
    for kind in kinds or RENDITION_KINDS:
        rendition, _ = Rendition.objects.get_or_create(asset=asset, kind=kind)
        Rendition.objects.filter(pk=rendition.pk).update(
            status=Rendition.Status.PENDING, progress=0, error="", stalls=0
        )
        transaction.on_commit(lambda pk=rendition.pk: render_rendition.enqueue(pk))
        made.append(rendition)
    return made


def renditions_retry_failed(*, assets) -> int:
    """Queue every failed (or stale running) rendition of `assets` again, each with a fresh
    allowance of stalls (RENDITION_MAX_ATTEMPTS); returns how many."""
    retry = list(
        Rendition.objects.filter(asset__in=assets)
        .filter(Q(status=Rendition.Status.FAILED) | stale_running())
        .values_list("pk", flat=True)
    )
    Rendition.objects.filter(pk__in=retry).update(
        status=Rendition.Status.PENDING, progress=0, stalls=0
    )
    for pk in retry:
        transaction.on_commit(lambda pk=pk: render_rendition.enqueue(pk))
    return len(retry)
