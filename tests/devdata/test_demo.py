import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from audit.models import AuditEntry
from catalog.models import AssetStatus, Category, ContentPartner, Story, Tag, VideoAsset

pytestmark = pytest.mark.django_db

DEMO = Path(settings.BASE_DIR) / "demo"
SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "clip.json"


def snapshot():
    return {
        "assets": sorted(
            VideoAsset.objects.values_list(
                "public_id", "title", "slug", "duration_seconds", "restrictions", "status", "poster"
            )
        ),
        "partners": sorted(
            ContentPartner.objects.values_list("slug", "profile_image", "cover_image")
        ),
        "categories": sorted(Category.objects.values_list("slug", "parent__slug")),
        "tags": sorted(Tag.objects.values_list("slug", flat=True)),
        "stories": sorted(Story.objects.values_list("slug", "title")),
        "links": sorted(VideoAsset.tags.through.objects.values_list("videoasset_id", "tag_id")),
        "audit": AuditEntry.objects.count(),
    }


@pytest.fixture
def demo_loaded():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_running_the_loader_twice_gives_the_same_catalogue(demo_loaded, capsys):
    first = snapshot()
    call_command("seed_demo")
    assert "created nothing; updated nothing" in capsys.readouterr().out
    assert snapshot() == first


def test_reference_clip_is_there_word_for_word(demo_loaded):
    reference = json.loads((DEMO / "clip.json").read_text(encoding="utf-8"))
    asset = VideoAsset.objects.get(title=reference["title"])
    assert asset.duration == "01:51" == reference["duration"]
    assert asset.description == reference["description"]
    assert asset.shotlist == reference["shotlist"]
    assert asset.restrictions == "No access Chinese mainland" == reference["restrictions"]
    assert asset.location_name == reference["location"]
    assert asset.status == AssetStatus.PUBLISHED
    assert asset.partner.kind == ContentPartner.Kind.AGENCY
    assert asset.partner.profile_image and asset.partner.cover_image
    assert asset.poster
    story = asset.stories.get()
    assert story.title == reference["related_story"]["title"]
    assert story.summary == reference["related_story"]["summary"]
    assert set(asset.tags.values_list("name", flat=True)) == set(reference["suggested_tags"])


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed is not beside this checkout")
def test_demo_copy_of_the_reference_clip_matches_the_seed():
    assert (DEMO / "clip.json").read_bytes() == SEED.read_bytes()


def test_demo_catalogue_is_big_and_varied_enough(demo_loaded):
    published = VideoAsset.objects.published()
    assert published.count() >= 31
    assert ContentPartner.objects.count() >= 5
    assert Category.objects.count() >= 6
    assert Tag.objects.count() >= 20
    restrictions = set(VideoAsset.objects.values_list("restrictions", flat=True))
    assert "" in restrictions
    assert "Editorial use only" in restrictions
    assert any(r.startswith(("Embargo until", "Embargoed until")) for r in restrictions)
    territorial = {
        r
        for r in restrictions
        if r.startswith(("No access", "No use"))
        or (r.endswith((" only", " out")) and "use only" not in r)
    }
    assert len(territorial) >= 3
    assert VideoAsset.objects.filter(duration_seconds__gte=3600).exists()
    assert set(VideoAsset.objects.values_list("status", flat=True)) == set(AssetStatus.values)


def test_loader_keeps_staff_status_decisions(demo_loaded):
    from catalog.services import asset_change_status

    asset = VideoAsset.objects.published().first()
    asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    asset.refresh_from_db()
    assert asset.status == AssetStatus.WITHDRAWN


def test_loader_redraws_images_that_went_missing(demo_loaded, media_root):
    partner = ContentPartner.objects.get(slug="asia-pacific-newswire")
    (media_root / partner.profile_image.name).unlink()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    partner.refresh_from_db()
    assert (media_root / partner.profile_image.name).is_file()


def test_every_demo_restriction_compiles_and_is_enforced(demo_loaded):
    assert not VideoAsset.objects.exclude(restrictions_error="").exists()
    reference = VideoAsset.objects.get(title__startswith="China: China's innovative drugs")
    assert reference.availability("CN").reasons == ("No access in Chinese mainland (CN)",)
    visible_in_cn = VideoAsset.objects.published().available_in("CN")
    assert not visible_in_cn.filter(pk=reference.pk).exists()
    assert VideoAsset.objects.published().available_in("HK").filter(pk=reference.pk).exists()
