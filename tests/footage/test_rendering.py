"""Footage in: probing, storing, renditions in tasks, and every kind of bad file."""

import av
import pytest
from PIL import Image

from catalog.models import VideoAsset
from footage.models import Rendition
from footage.rendering import rendition_run
from footage.services import renditions_retry_failed
from tests.footage.conftest import ingest

pytestmark = pytest.mark.django_db


def test_renditions_are_a_poster_three_thumbnails_and_a_watermarked_preview(
    clip_with_sound, django_capture_on_commit_callbacks
):
    asset = ingest(clip_with_sound, django_capture_on_commit_callbacks)
    renditions = {r.kind: r for r in asset.renditions.all()}
    for kind, size in {
        "thumb_small": (160, 90),
        "thumb_medium": (320, 180),
        "thumb_large": (640, 360),
    }.items():
        with renditions[kind].file.open("rb") as handle:
            assert Image.open(handle).size == size
    with renditions["poster"].file.open("rb") as handle:
        assert Image.open(handle).format == "JPEG"
    preview = renditions["preview"]
    with preview.file.open("rb") as handle, av.open(handle) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        assert (video.codec_context.name, audio.codec_context.name) == ("h264", "aac")
        assert (video.codec_context.width, video.codec_context.height) == (640, 360)
        picture = next(container.decode(video)).to_image()
    corner = picture.crop((440, 290, 630, 350)).convert("RGB")
    pixels = [corner.getpixel((x, y)) for x in range(corner.width) for y in range(corner.height)]
    assert any(min(pixel) > 200 for pixel in pixels)  # the white SITE_NAME lettering
    assert preview.progress == 100 and preview.attempts == 1


def test_running_a_rendition_twice_does_nothing_the_second_time(
    clip_111, django_capture_on_commit_callbacks
):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    poster = asset.renditions.get(kind="poster")
    assert rendition_run(rendition_id=poster.pk) == "already done"
    poster.refresh_from_db()
    assert poster.attempts == 1


def test_a_failure_while_rendering_marks_the_rendition_failed_with_the_reason(
    clip_111, django_capture_on_commit_callbacks
):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    with open(asset.master.path, "wb") as master:
        master.write(b"not a video any more")
    preview = asset.renditions.get(kind="preview")
    Rendition.objects.filter(pk=preview.pk).update(source="")  # as if the master changed
    assert rendition_run(rendition_id=preview.pk) == "failed"
    preview.refresh_from_db()
    assert preview.status == Rendition.Status.FAILED and "not a video" in preview.error
    with django_capture_on_commit_callbacks(execute=True):
        assert renditions_retry_failed(assets=VideoAsset.objects.filter(pk=asset.pk)) == 1
    preview.refresh_from_db()
    assert (
        preview.attempts == 3 and preview.status == Rendition.Status.FAILED
    )  # ingest, above, retry


def test_a_run_overtaken_by_a_newer_one_throws_its_result_away(
    clip_111, django_capture_on_commit_callbacks, monkeypatch
):
    from footage import rendering as ingest_module

    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    poster = asset.renditions.get(kind="poster")
    Rendition.objects.filter(pk=poster.pk).update(source="")  # as if a new master came in
    real_render = ingest_module._render

    def render_then_get_overtaken(rendition, path):
        result = real_render(rendition, path)
        Rendition.objects.filter(pk=rendition.pk).update(attempts=rendition.attempts + 1)
        return result

    monkeypatch.setattr(ingest_module, "_render", render_then_get_overtaken)
    kept = poster.file.name
    assert rendition_run(rendition_id=poster.pk) == "superseded"
    poster.refresh_from_db()
    assert poster.file.name == kept


def test_a_rendition_left_running_by_a_dead_worker_is_retried(
    clip_111, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    preview = asset.renditions.get(kind="preview")
    long_ago = timezone.now() - timedelta(hours=2)
    Rendition.objects.filter(pk=preview.pk).update(
        status="running", heartbeat_at=long_ago, updated_at=long_ago
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert renditions_retry_failed(assets=VideoAsset.objects.filter(pk=asset.pk)) == 1
    preview.refresh_from_db()
    assert preview.status == Rendition.Status.DONE


def test_a_rendition_whose_clip_is_gone_is_not_a_crash():
    assert rendition_run(rendition_id=987654) == "gone"
