"""The loader's masters (devdata.demo_masters): "full" stores each clip's master at the size,
rate and length the clip says, keeps one that already is, and replaces one that is not."""

import json
import shutil
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import av
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from catalog.models import AssetStatus, VideoAsset
from devdata.demo import load_demo
from devdata.videos import synthetic_video
from footage.models import Evidence, Fingerprint, Rendition
from footage.services import master_check, picture_fields

pytestmark = pytest.mark.django_db

DEMO = Path(settings.BASE_DIR) / "demo"
# A landscape and a portrait clip, one at 29.97, beside the reference clip; a few seconds each.
KEPT = {"pu8jx8hesmqm": "00:03", "wgxns2l2qcgo": "00:02", "mhmhvpzyzs4g": "00:02"}


@pytest.fixture
def small_demo(tmp_path, settings):
    """The demo catalogue cut to three clips and the reference, each a few seconds long."""
    settings.DEMO_MASTERS_CACHE = tmp_path / "cache"
    folder = tmp_path / "demo"
    folder.mkdir()
    reference = json.loads((DEMO / "clip.json").read_text(encoding="utf-8"))
    catalog = json.loads((DEMO / "catalog.json").read_text(encoding="utf-8"))
    reference["duration"] = "00:02"
    catalog["reference"].update(width=640, height=360)  # small: its size is not the point here
    catalog["assets"] = [
        {**row, "duration": KEPT[row["public_id"]]}
        for row in catalog["assets"]
        if row["public_id"] in KEPT
    ]
    (folder / "clip.json").write_text(json.dumps(reference), encoding="utf-8")
    (folder / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")
    return folder


def claimed(asset: VideoAsset) -> dict:
    asset.refresh_from_db()
    return {
        "duration_seconds": asset.duration_seconds,
        "width": asset.width,
        "height": asset.height,
        "frame_rate": asset.frame_rate,
    }


def test_every_master_is_what_its_clip_says_with_stereo_sound(small_demo):
    load_demo(small_demo, masters="full")

    assets = list(VideoAsset.objects.order_by("public_id"))
    assert len(assets) == 4
    for asset in assets:
        assert picture_fields(master_check(asset.master)) == claimed(asset)
        with av.open(asset.master.path) as container:
            assert container.streams.audio[0].channels == 2
    portrait = VideoAsset.objects.get(public_id="wgxns2l2qcgo")
    assert (portrait.width, portrait.height, portrait.frame_rate) == (1080, 1920, Decimal("30"))
    assert VideoAsset.objects.get(public_id="mhmhvpzyzs4g").frame_rate == Decimal("29.970")
    # Published before their masters came: seeding reads no evidence (the worker does).
    assert VideoAsset.objects.filter(status=AssetStatus.PUBLISHED).count() == 4
    assert not Evidence.objects.exists()


def test_a_second_load_keeps_masters_and_replaces_one_that_is_not_the_clip(
    small_demo, settings, django_capture_on_commit_callbacks
):
    load_demo(small_demo, masters="full")
    before = dict(VideoAsset.objects.values_list("public_id", "master"))
    shutil.rmtree(settings.DEMO_MASTERS_CACHE)  # a copy in storage is enough: nothing is made

    report = load_demo(small_demo, masters="full")
    assert str(report).endswith("created nothing; updated nothing")
    assert dict(VideoAsset.objects.values_list("public_id", "master")) == before
    assert not Path(settings.DEMO_MASTERS_CACHE).exists()

    stale = VideoAsset.objects.get(public_id="pu8jx8hesmqm")  # say, a stand-in from before
    old = stale.master.name
    stale.master.save("old.mp4", ContentFile(synthetic_video(3)), save=False)
    VideoAsset.objects.filter(pk=stale.pk).update(master=stale.master.name)
    Fingerprint.objects.create(
        asset=stale, master_name=stale.master.name, made_at=timezone.now(), hashes=b""
    )
    stand_in = stale.master.name
    stale.master.storage.delete(old)

    with django_capture_on_commit_callbacks(execute=True):
        report = load_demo(small_demo, masters="full")
    assert str(report).endswith("created nothing; updated 1 assets")
    stale.refresh_from_db()
    assert stale.master.name not in (stand_in, before["pu8jx8hesmqm"])
    assert picture_fields(master_check(stale.master)) == claimed(stale)
    assert not stale.master.storage.exists(stand_in)  # the stand-in is deleted
    assert not Fingerprint.objects.filter(asset=stale).exists()  # and what was read of it


def test_small_masters_are_stand_ins_and_stay(small_demo):
    load_demo(small_demo, masters="small")
    asset = VideoAsset.objects.get(public_id="pu8jx8hesmqm")
    fields = picture_fields(master_check(asset.master))
    assert fields["duration_seconds"] == 3 and fields["width"] == 64
    assert not Path(settings.DEMO_MASTERS_CACHE).exists()
    report = load_demo(small_demo, masters="small")
    assert str(report).endswith("created nothing; updated nothing")


def test_an_unknown_kind_of_master_is_refused_before_anything_is_loaded(small_demo):
    with pytest.raises(ValueError, match="full or small"):
        load_demo(small_demo, masters="huge")
    assert not VideoAsset.objects.exists()


def test_renditions_are_queued_posters_first_then_previews_shortest_clip_first(
    small_demo, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("footage.services.render_rendition", SimpleNamespace(enqueue=queued.append))
    with django_capture_on_commit_callbacks(execute=True):
        load_demo(small_demo, masters="small")

    made = Rendition.objects.in_bulk(queued)
    kinds = [made[pk].kind for pk in queued]
    previews = kinds.index(Rendition.Kind.PREVIEW)
    assert len(queued) == 4 * 5 and set(kinds[previews:]) == {Rendition.Kind.PREVIEW}
    lengths = [made[pk].asset.duration_seconds for pk in queued[previews:]]
    assert lengths == sorted(lengths) == [2, 2, 2, 3]
