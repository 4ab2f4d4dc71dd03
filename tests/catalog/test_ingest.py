"""Footage in: probing, storing, renditions in tasks, and every kind of bad file."""

import io
from pathlib import Path

import av
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from catalog.ingest import rendition_run, renditions_retry_failed
from catalog.models import AssetStatus, Rendition, VideoAsset
from catalog.videos import synthetic_video
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def masters_on_disk() -> set[Path]:
    root = Path(settings.MASTERS_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def clip_111(tmp_path) -> Path:
    path = tmp_path / "tornado.mp4"
    synthetic_video(111, target=str(path))
    return path


@pytest.fixture
def clip_with_sound(tmp_path) -> Path:
    path = tmp_path / "flood.mp4"
    synthetic_video(
        4, width=1280, height=720, fps=25, audio=True, preset="ultrafast", target=str(path)
    )
    return path


def ingest(path, capture, **extra):
    partner = extra.pop("partner", None) or PartnerFactory(slug="storm-desk")
    out = io.StringIO()
    with capture(execute=True):
        call_command(
            "ingest_video", str(path), "--partner", partner.slug, "--title", "Tornado", stdout=out,
            **extra,
        )  # fmt: skip
    return VideoAsset.objects.get(public_id=out.getvalue().strip())


def test_ingest_reads_the_duration_from_the_file(clip_111, django_capture_on_commit_callbacks):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    assert asset.duration == "01:51"
    assert (asset.width, asset.height, asset.status) == (64, 36, AssetStatus.DRAFT)
    with asset.master.open("rb") as master:
        assert master.read() == clip_111.read_bytes()
    assert {r.kind: r.status for r in asset.renditions.all()} == dict.fromkeys(
        Rendition.Kind.values, Rendition.Status.DONE
    )


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


def write(tmp_path, name, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def audio_only(tmp_path) -> Path:
    path = tmp_path / "sound.m4a"
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("aac", rate=44100)
        frame = av.AudioFrame(format="fltp", layout="stereo", samples=1024)
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        frame.sample_rate = 44100
        for index in range(20):
            frame.pts = index * 1024
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda tmp: write(tmp, "notes.mp4", b"these are my notes, not a video" * 50),
            "not a video",
        ),
        (lambda tmp: write(tmp, "empty.mp4", b""), "empty"),
        (lambda tmp: write(tmp, "cut.mp4", synthetic_video(5)[:600]), "video"),
        (audio_only, "no video stream"),
        (lambda tmp: write(tmp, "big.mp4", synthetic_video(3)), "at most"),
    ],
)
def test_bad_files_get_a_clear_error_and_leave_nothing_behind(
    tmp_path, settings, make, message, django_capture_on_commit_callbacks
):
    path = make(tmp_path)
    settings.MASTER_MAX_BYTES = 100 if path.name == "big.mp4" else 10**9
    before = masters_on_disk()
    with pytest.raises(CommandError, match=message):
        ingest(path, django_capture_on_commit_callbacks)
    assert not VideoAsset.objects.exists()
    assert masters_on_disk() == before


def test_admin_upload_takes_duration_from_the_file_and_makes_renditions(
    staff_client, clip_111, django_capture_on_commit_callbacks
):
    partner = PartnerFactory()
    upload = SimpleUploadedFile("tornado.mp4", clip_111.read_bytes(), content_type="video/mp4")
    data = {
        "title": "Tornado near Norman", "slug": "tornado-near-norman", "partner": partner.pk,
        "duration_seconds": "", "restrictions": "", "master_upload": upload,
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:catalog_videoasset_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    asset = VideoAsset.objects.get(slug="tornado-near-norman")
    assert asset.duration == "01:51" and asset.master
    assert asset.renditions.filter(status="done").count() == 5
    page = staff_client.get(reverse("admin:catalog_videoasset_change", args=[asset.pk]))
    assert "Watermarked 360p preview" in page.content.decode()


def test_admin_refuses_a_bad_upload_beside_the_field(staff_client):
    before = masters_on_disk()
    upload = SimpleUploadedFile("fake.mp4", b"GIF89a not really", content_type="video/mp4")
    data = {
        "title": "Fake",
        "slug": "fake",
        "partner": PartnerFactory().pk,
        "master_upload": upload,
    }
    response = staff_client.post(reverse("admin:catalog_videoasset_add"), data)
    assert response.status_code == 200
    assert "not a video" in str(response.context["adminform"].form.errors["master_upload"])
    assert not VideoAsset.objects.exists() and masters_on_disk() == before


def test_the_site_plays_the_preview_and_the_api_links_it(
    client, api_client, clip_111, django_capture_on_commit_callbacks
):
    from catalog.services import asset_change_status

    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    asset_change_status(asset=asset, status=AssetStatus.REVIEW)
    asset_change_status(asset=asset, status=AssetStatus.PUBLISHED)
    preview = asset.renditions.get(kind="preview").file.url
    page = client.get(asset.get_absolute_url()).content.decode()
    assert "<video" in page and preview in page
    detail = api_client.get(f"/api/v1/assets/{asset.public_id}/").json()
    assert detail["preview"].endswith(preview)
    listed = api_client.get("/api/v1/assets/").json()["results"][0]
    assert listed["thumbnail"].endswith(asset.renditions.get(kind="thumb_medium").file.url)
    assert asset.master.name not in page


# Races and edge cases a review found.


def test_a_run_overtaken_by_a_newer_one_throws_its_result_away(
    clip_111, django_capture_on_commit_callbacks, monkeypatch
):
    from catalog import ingest as ingest_module

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
    Rendition.objects.filter(pk=preview.pk).update(status="running", updated_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert renditions_retry_failed(assets=VideoAsset.objects.filter(pk=asset.pk)) == 1
    preview.refresh_from_db()
    assert preview.status == Rendition.Status.DONE


def test_a_rendition_whose_clip_is_gone_is_not_a_crash():
    assert rendition_run(rendition_id=987654) == "gone"


def test_pictures_over_8k_are_refused(tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "huge.mp4"
    synthetic_video(1, width=8192, height=8192, fps=1, preset="ultrafast", target=str(path))
    with pytest.raises(CommandError, match="at most 8K"):
        ingest(path, django_capture_on_commit_callbacks)
    assert not VideoAsset.objects.exists()


def test_deleting_a_draft_removes_its_files(clip_111, django_capture_on_commit_callbacks):
    from catalog.services import asset_delete

    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    paths = [Path(r.file.path) for r in asset.renditions.all()] + [Path(asset.master.path)]
    assert all(p.exists() for p in paths)
    with django_capture_on_commit_callbacks(execute=True):
        asset_delete(asset=asset)
    assert not any(p.exists() for p in paths)
