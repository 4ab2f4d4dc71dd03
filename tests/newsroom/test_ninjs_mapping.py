"""How a clip maps to a ninjs 2.2 item (newsroom.ninjs)."""

import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from catalog.models import AssetStatus, VideoAsset
from catalog.services import asset_change_status, asset_save
from footage.models import Rendition
from newsroom.ninjs import asset_ninjs, item_version
from tests.factories import AssetFactory, CategoryFactory, TagFactory, image_bytes
from tests.licensing.conftest import with_master
from tests.newsroom.ninjs_schema import ninjs_errors

pytestmark = pytest.mark.django_db


def item_of(asset, **kwargs):
    fresh = VideoAsset.objects.with_relations().get(pk=asset.pk)
    return asset_ninjs(fresh, request=APIRequestFactory().get("/"), **kwargs)


def minute(moment) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def test_identity_dates_and_texts():
    asset = AssetFactory(title="Floods in the valley", restrictions="Editorial use only")
    item = item_of(asset)
    asset.refresh_from_db()
    assert item["uri"] == f"urn:clipwire:asset:{asset.public_id}"
    assert item["type"] == "video"
    assert item["pubstatus"] == "usable"
    assert item["version"] == item_version(asset.updated_at)
    assert item["headlines"] == [{"role": "main", "value": "Floods in the valley"}]
    roles = {d["role"]: d["value"] for d in item["descriptions"]}
    assert roles == {"summary": asset.description, "shotlist": asset.shotlist}
    assert item["by"] == item["copyrightholder"] == asset.partner.name
    assert item["located"] == "London, United Kingdom"
    assert item["places"][0]["uri"] == "http://cvx.iptc.org/iso3166-1a2/GB"
    assert "embargoed" not in item
    assert ninjs_errors(item) == []


def test_the_uri_prefix_is_a_setting(settings):
    settings.NINJS_URI_PREFIX = "tag:example.com,2026:clip:"
    asset = AssetFactory()
    assert item_of(asset)["uri"] == f"tag:example.com,2026:clip:{asset.public_id}"


def test_subjects_are_categories_and_tags_with_uris():
    asset = AssetFactory(
        categories=[CategoryFactory(name="Weather", slug="weather")],
        tags=[TagFactory(name="flood", slug="flood")],
    )
    subjects = item_of(asset)["subjects"]
    assert {"name": "Weather", "rel": "category", "uri": "urn:clipwire:category:weather",
            "literal": "weather"} in subjects  # fmt: skip
    assert {"name": "flood", "rel": "tag", "uri": "urn:clipwire:tag:flood",
            "literal": "flood"} in subjects  # fmt: skip


def test_usage_terms_are_the_text_verbatim_then_the_duties():
    text = "No access Chinese mainland. Must credit NASA"
    item = item_of(AssetFactory(restrictions=text))
    terms, duties = item["usageterms"].split("\n")
    assert terms == f"Restrictions: {text}"
    assert duties.startswith("Duties: ") and "NASA" in duties


def test_rightsinfo_carries_an_odrl_policy_for_the_item():
    item = item_of(AssetFactory())
    assert item["rightsinfo"]["langid"] == "http://www.w3.org/ns/odrl/2/"
    policy = json.loads(item["rightsinfo"]["encodedrights"])
    assert policy["uid"].startswith(item["uri"])
    assert "@context" in policy


def test_embargoed_until_the_embargo_ends_then_a_new_version():
    end = (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    asset = AssetFactory(restrictions=f"Embargo until {minute(end)}")
    before = item_of(asset)
    assert before["embargoed"] == end.isoformat().replace("+00:00", "Z")
    after = item_of(asset, at=end + timedelta(minutes=1))
    assert "embargoed" not in after
    assert after["versioncreated"] == before["embargoed"]
    assert int(after["version"]) > int(before["version"])
    assert ninjs_errors(before) == ninjs_errors(after) == []


def test_every_change_is_a_greater_version():
    asset = AssetFactory(restrictions="")
    first = item_of(asset)["version"]
    asset.restrictions = "No access Japan"
    asset_save(asset=asset)
    second = item_of(asset)["version"]
    asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)
    third = item_of(asset)["version"]
    assert int(first) < int(second) < int(third)


def test_a_withdrawn_clip_is_a_kill_notice_without_media_or_rights():
    asset = with_master(AssetFactory(poster=ContentFile(image_bytes("JPEG"), name="p.jpg")))
    asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)
    item = item_of(asset)
    assert item["pubstatus"] == "canceled"
    assert "Kill notice" in item["ednote"]
    assert "renditions" not in item and "descriptions" not in item
    policy = json.loads(item["rightsinfo"]["encodedrights"])
    assert "permission" not in policy  # nothing is permitted any more
    assert ninjs_errors(item) == []


def make_rendition(asset, kind, name, size=(640, 360), payload=b"x" * 1234):
    rendition = Rendition(asset=asset, kind=kind, status=Rendition.Status.DONE)
    rendition.width, rendition.height = size
    rendition.file.save(name, ContentFile(payload), save=True)
    return rendition


def test_renditions_poster_thumbnails_preview_and_never_the_master():
    asset = with_master(AssetFactory(duration_seconds=111))
    make_rendition(asset, Rendition.Kind.PREVIEW, "p.mp4", payload=b"v" * 5000)
    make_rendition(asset, Rendition.Kind.POSTER, "poster.jpg", size=(1920, 1080))
    make_rendition(asset, Rendition.Kind.THUMB_MEDIUM, "t.jpg", size=(320, 180))
    unfinished = Rendition.objects.create(asset=asset, kind=Rendition.Kind.THUMB_LARGE)
    item = item_of(asset)
    by_name = {r["name"]: r for r in item["renditions"]}
    assert set(by_name) == {"preview", "poster", "thumbnail"}
    preview = by_name["preview"]
    assert preview["contenttype"] == "video/mp4"
    assert (preview["width"], preview["height"]) == (640, 360)
    assert preview["duration"] == 111
    assert preview["sizeinbytes"] == 5000
    assert preview["href"].startswith("http://testserver/media/")
    assert by_name["poster"]["contenttype"] == "image/jpeg"
    assert (by_name["poster"]["width"], by_name["poster"]["height"]) == (1920, 1080)
    text = json.dumps(item)
    master = VideoAsset.objects.get(pk=asset.pk).master.name
    assert master and master not in text and master.rsplit("/", 1)[-1] not in text
    assert unfinished.kind not in text
    assert ninjs_errors(item) == []
