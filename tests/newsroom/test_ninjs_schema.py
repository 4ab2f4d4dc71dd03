"""Every clip of the demo catalogue, the reference clip included, is a valid ninjs 2.2 item
by IPTC's own schema."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIRequestFactory

from catalog.models import AssetStatus, VideoAsset
from catalog.services import asset_change_status
from newsroom.ninjs import asset_ninjs
from tests.newsroom.ninjs_schema import ninjs_errors

REFERENCE = json.loads((Path(settings.BASE_DIR) / "demo" / "clip.json").read_text("utf-8"))


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return VideoAsset.objects.with_relations()


def test_the_schema_is_iptcs_2_2_and_refuses_what_it_should():
    good = {
        "uri": "urn:clipwire:asset:abc",
        "type": "video",
        "versioncreated": "2026-01-01T00:00:00Z",
    }
    assert ninjs_errors(good) == []
    assert ninjs_errors({**good, "clipwire": 1})  # nothing of our own at the top level
    assert ninjs_errors({**good, "versioncreated": "yesterday"})
    assert ninjs_errors({**good, "uri": "/relative/path"})
    assert ninjs_errors({**good, "rightsinfo": {"langid": "http://www.w3.org/ns/odrl/2/"}})
    assert ninjs_errors({"type": "video"})  # uri is required


def test_every_demo_clip_is_a_valid_ninjs_item(demo):
    request = APIRequestFactory().get("/api/v1/feed/ninjs/")
    assets = list(demo)
    assert len(assets) >= 31
    for asset in assets:
        item = asset_ninjs(asset, request=request)
        assert ninjs_errors(item) == [], (asset.title, ninjs_errors(item))


def test_the_reference_clip_through_the_api_is_valid_and_complete(demo, api_client):
    asset = demo.get(title=REFERENCE["title"])
    response = api_client.get(f"/api/v1/assets/{asset.public_id}/ninjs/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    item = response.json()
    assert ninjs_errors(item) == []
    assert item["headlines"] == [{"role": "main", "value": REFERENCE["title"]}]
    descriptions = {d["role"]: d["value"] for d in item["descriptions"]}
    assert descriptions == {"summary": REFERENCE["description"], "shotlist": REFERENCE["shotlist"]}
    assert item["usageterms"] == "Restrictions: No access Chinese mainland"
    assert item["located"] == REFERENCE["location"]
    assert item["pubstatus"] == "usable"
    tags = {s["name"] for s in item["subjects"] if s["rel"] == "tag"}
    assert tags == set(REFERENCE["suggested_tags"])
    assert {r["name"] for r in item["renditions"]} >= {"poster"}


def test_withdrawn_demo_clips_are_valid_kill_notices(demo):
    for asset in demo.filter(status=AssetStatus.PUBLISHED)[:3]:
        asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)
        item = asset_ninjs(VideoAsset.objects.with_relations().get(pk=asset.pk))
        assert item["pubstatus"] == "canceled"
        assert ninjs_errors(item) == []
