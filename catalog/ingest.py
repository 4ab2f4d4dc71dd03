"""Footage in: check and probe a master, store it, and make its renditions in the background.

Admin uploads and `ingest_video` both come through here. Nothing is stored until the file has
been probed, and a failure after storing removes what was stored: bad input leaves no asset and
no file behind. Rendering runs in tasks (catalog.tasks) that call rendition_run(), which marks a
rendition failed with its reason rather than letting an exception escape.
"""

import os
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_record
from catalog import media
from catalog.media import MediaError, Probe
from catalog.models import ContentPartner, Rendition, VideoAsset
from catalog.services import asset_save

RENDITION_KINDS = [kind for kind, _ in Rendition.Kind.choices]


def check_size(size: int) -> None:
    if size <= 0:
        raise MediaError("The file is empty.")
    limit = settings.MASTER_MAX_BYTES
    if size > limit:
        raise MediaError(
            f"The file is {size / 1e6:,.0f} MB; masters may be at most {limit / 1e6:,.0f} MB."
        )


@contextmanager
def local_path(file):
    """A filesystem path for an uploaded or stored file, copying to a temporary file when the
    file lives in memory or in object storage."""
    path = None
    if hasattr(file, "temporary_file_path"):
        path = file.temporary_file_path()
    else:
        try:
            path = file.path  # FileSystemStorage
        except (AttributeError, NotImplementedError, ValueError):
            path = None
    if path is not None:
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=Path(file.name or "").suffix[:10]) as copy:
        file.seek(0)
        for chunk in file.chunks():
            copy.write(chunk)
        copy.flush()
        yield copy.name


def probe_file(file) -> Probe:
    """Size-check and probe an upload; raises MediaError saying what is wrong."""
    check_size(file.size)
    with local_path(file) as path:
        return media.probe(path)


def _picture_fields(probe: Probe) -> dict:
    rate = probe.frame_rate
    return {
        "duration_seconds": probe.duration_seconds,
        "width": probe.width,
        "height": probe.height,
        "frame_rate": Decimal(float(rate)).quantize(Decimal("0.001")) if rate else None,
    }


def asset_attach_master(*, asset: VideoAsset, file, probe: Probe, actor=None) -> VideoAsset:
    """Store `file` as the asset's master (duration and picture from the probe) and ask for new
    renditions. The previous master is deleted once the change is committed."""
    storage = asset.master.storage
    name = storage.save(asset.master.field.generate_filename(asset, file.name), file)
    try:
        with transaction.atomic():
            locked = VideoAsset.objects.select_for_update().get(pk=asset.pk)
            previous = locked.master.name
            fields = {"master": name, **_picture_fields(probe)}
            VideoAsset.objects.filter(pk=asset.pk).update(**fields)
            audit_record(
                actor=actor,
                action="asset.master",
                target=locked,
                before={"master": previous, "duration_seconds": locked.duration_seconds},
                after={"master": name, "duration_seconds": fields["duration_seconds"]},
            )
            renditions_request(asset=locked)
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
    check_size(os.path.getsize(path))
    probe = media.probe(path)
    with transaction.atomic():
        asset = VideoAsset(
            title=title, partner=partner, restrictions=restrictions, **_picture_fields(probe)
        )
        asset_save(asset=asset, actor=actor)
        with open(path, "rb") as handle:
            asset_attach_master(
                asset=asset, file=File(handle, name=Path(path).name), probe=probe, actor=actor
            )
    return asset


def renditions_request(*, asset: VideoAsset, kinds=None) -> list[Rendition]:
    """Mark the asset's renditions pending and queue their tasks after the commit."""
    from catalog.tasks import render_rendition

    made = []
    for kind in kinds or RENDITION_KINDS:
        rendition, _ = Rendition.objects.get_or_create(asset=asset, kind=kind)
        Rendition.objects.filter(pk=rendition.pk).update(
            status=Rendition.Status.PENDING, progress=0, error=""
        )
        transaction.on_commit(lambda pk=rendition.pk: render_rendition.enqueue(pk))
        made.append(rendition)
    return made


STALE_AFTER = timedelta(minutes=30)  # a "running" row this quiet lost its worker


def renditions_retry_failed(*, assets) -> int:
    """Queue every failed (or stale running) rendition of `assets` again; returns how many."""
    from catalog.tasks import render_rendition

    stale = timezone.now() - STALE_AFTER
    retry = list(
        Rendition.objects.filter(asset__in=assets)
        .filter(
            Q(status=Rendition.Status.FAILED)
            | Q(status=Rendition.Status.RUNNING, updated_at__lt=stale)
        )
        .values_list("pk", flat=True)
    )
    Rendition.objects.filter(pk__in=retry).update(status=Rendition.Status.PENDING, progress=0)
    for pk in retry:
        transaction.on_commit(lambda pk=pk: render_rendition.enqueue(pk))
    return len(retry)


def rendition_run(*, rendition_id: int) -> str:
    """Make one rendition. Safe to run twice: a rendition already made from the current master
    is left alone, and a run overtaken by a newer one (a new master, a retry) throws its result
    away instead of writing over the newer one. Any failure marks the rendition failed with the
    reason; nothing escapes."""
    with transaction.atomic():
        rendition = (
            Rendition.objects.select_for_update()
            .select_related("asset")
            .filter(pk=rendition_id)
            .first()
        )
        if rendition is None:
            return "gone"  # the clip was deleted before the worker got here
        asset = rendition.asset
        if not asset.master:
            return _fail(rendition, "The asset has no master file.")
        if rendition.status == Rendition.Status.DONE and rendition.source == asset.master.name:
            return "already done"
        fresh = rendition.updated_at > timezone.now() - STALE_AFTER
        if rendition.status == Rendition.Status.RUNNING and fresh:
            return "already running"
        rendition.status, rendition.progress, rendition.error = Rendition.Status.RUNNING, 0, ""
        rendition.attempts += 1
        rendition.save(update_fields=["status", "progress", "error", "attempts", "updated_at"])
    source = asset.master.name
    try:
        with asset.master.open("rb") as master, local_path(master) as path:
            content, width, height = _render(rendition, path)
    except MediaError as error:
        return _fail(rendition, str(error))
    except Exception as error:  # a crash in FFmpeg or Pillow becomes a visible failure
        return _fail(rendition, f"Rendering failed: {type(error).__name__}: {error}")
    name = default_storage.save(
        rendition.file.field.generate_filename(rendition, content.name), content
    )
    with transaction.atomic():
        current = Rendition.objects.select_for_update().filter(pk=rendition.pk).first()
        master_now = VideoAsset.objects.filter(pk=asset.pk).values_list("master", flat=True).first()
        if (
            current is None
            or current.status != Rendition.Status.RUNNING
            or current.attempts != rendition.attempts
            or master_now != source
        ):
            default_storage.delete(name)
            return "superseded"
        old = current.file.name
        Rendition.objects.filter(pk=rendition.pk).update(
            file=name,
            width=width,
            height=height,
            source=source,
            status=Rendition.Status.DONE,
            progress=100,
            updated_at=timezone.now(),
        )
    if old and old != name:
        default_storage.delete(old)
    return "done"


def _render(rendition: Rendition, path: str):
    media.probe(path)  # a clear MediaError if the master is no longer readable video
    kind = rendition.kind
    if kind == Rendition.Kind.PREVIEW:

        def report(fraction):
            Rendition.objects.filter(pk=rendition.pk, attempts=rendition.attempts).update(
                progress=int(fraction * 100), updated_at=timezone.now()
            )

        with tempfile.NamedTemporaryFile(suffix=".mp4") as out:
            media.render_preview(path, out.name, watermark_text=settings.SITE_NAME, progress=report)
            probe = media.probe(out.name)
            with open(out.name, "rb") as handle:
                data = handle.read()
        return ContentFile(data, name=f"{rendition.asset.public_id}.mp4"), probe.width, probe.height
    image = media.poster_frame(path)
    size = media.THUMBNAIL_SIZES.get(kind)
    data = media.jpeg_bytes(image, size)
    width, height = size or image.size
    return ContentFile(data, name=f"{rendition.asset.public_id}-{kind}.jpg"), width, height


def _fail(rendition: Rendition, reason: str) -> str:
    """Mark this run failed, unless a newer run has taken the row over meanwhile."""
    Rendition.objects.filter(pk=rendition.pk, attempts=rendition.attempts).update(
        status=Rendition.Status.FAILED, error=reason[:2000], updated_at=timezone.now()
    )
    return "failed"
