"""Footage in: probing, storing, renditions in tasks, and every kind of bad file."""

from pathlib import Path

import av
import pytest
from django.core.management import CommandError

from catalog.models import AssetStatus, VideoAsset
from devdata.videos import synthetic_video
from footage.models import Rendition
from tests.footage.conftest import ingest, masters_on_disk

pytestmark = pytest.mark.django_db


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


def test_ingest_reads_the_duration_from_the_file(clip_111, django_capture_on_commit_callbacks):
    asset = ingest(clip_111, django_capture_on_commit_callbacks)
    assert asset.duration == "01:51"
    assert (asset.width, asset.height, asset.status) == (64, 36, AssetStatus.DRAFT)
    with asset.master.open("rb") as master:
        assert master.read() == clip_111.read_bytes()
    assert {r.kind: r.status for r in asset.renditions.all()} == dict.fromkeys(
        Rendition.Kind.values, Rendition.Status.DONE
    )


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
