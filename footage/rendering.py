"""Making one rendition from a clip's master: run by footage.tasks in a worker.

Safe to run twice, and a failure marks the rendition failed with its reason rather than letting
an exception escape.
"""

import tempfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from catalog.models import VideoAsset
from footage import encoding
from footage.encoding import MediaError
from footage.models import THUMBNAIL_SIZES, Rendition, stale_before
from footage.storages import local_path


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
        beat = rendition.heartbeat_at or rendition.updated_at
        if rendition.status == Rendition.Status.RUNNING and beat > stale_before():
            return "already running"
        rendition.status, rendition.progress, rendition.error = Rendition.Status.RUNNING, 0, ""
        rendition.attempts += 1
        rendition.heartbeat_at = timezone.now()
        rendition.save(
            update_fields=["status", "progress", "error", "attempts", "heartbeat_at", "updated_at"]
        )
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
        # What the clip shows changed (a new preview, poster or thumbnail): a new version of
        # it for those who read it as an item (the newsroom's ninjs feed).
        VideoAsset.objects.filter(pk=asset.pk).update(updated_at=timezone.now())
    if old and old != name:
        default_storage.delete(old)
    return "done"


def _render(rendition: Rendition, path: str):
    encoding.probe(path)  # a clear MediaError if the master is no longer readable video
    kind = rendition.kind
    if kind == Rendition.Kind.PREVIEW:

        def report(fraction):  # the heartbeat too: render_preview calls it every few seconds
            now = timezone.now()
            Rendition.objects.filter(pk=rendition.pk, attempts=rendition.attempts).update(
                progress=int(fraction * 100), heartbeat_at=now, updated_at=now
            )

        with tempfile.NamedTemporaryFile(suffix=".mp4") as out:
            encoding.render_preview(
                path, out.name, watermark_text=settings.SITE_NAME, progress=report
            )
            probe = encoding.probe(out.name)
            with open(out.name, "rb") as handle:
                data = handle.read()
        return ContentFile(data, name=f"{rendition.asset.public_id}.mp4"), probe.width, probe.height
    image = encoding.poster_frame(path)
    size = THUMBNAIL_SIZES.get(kind)
    data = encoding.jpeg_bytes(image, size)
    width, height = size or image.size
    return ContentFile(data, name=f"{rendition.asset.public_id}-{kind}.jpg"), width, height


def _fail(rendition: Rendition, reason: str) -> str:
    """Mark this run failed, unless a newer run has taken the row over meanwhile."""
    Rendition.objects.filter(pk=rendition.pk, attempts=rendition.attempts).update(
        status=Rendition.Status.FAILED, error=reason[:2000], updated_at=timezone.now()
    )
    return "failed"
