"""GET /api/v1/assets/{id}/ninjs/ and /rights/: who may see them, and what they answer."""

import json
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from catalog.models import AssetStatus
from catalog.services import asset_change_status
from tests.factories import AssetFactory
from tests.licensing.conftest import client_for, make_buyer, order, with_master
from tests.newsroom.ninjs_schema import ninjs_errors

pytestmark = pytest.mark.django_db


def ninjs(public_id):
    return f"/api/v1/assets/{public_id}/ninjs/"


def rights(public_id):
    return f"/api/v1/assets/{public_id}/rights/"


@pytest.fixture
def geo(settings):
    settings.GEO_TRUSTED_HEADER = "CF-IPCountry"


def test_a_published_clip_answers_a_valid_item(api_client):
    asset = AssetFactory()
    response = api_client.get(ninjs(asset.public_id))
    assert response.status_code == 200
    assert ninjs_errors(response.json()) == []


@pytest.mark.parametrize("status", [AssetStatus.DRAFT, AssetStatus.REVIEW, AssetStatus.WITHDRAWN])
def test_what_is_not_published_is_not_found(api_client, status):
    asset = AssetFactory(status=status)
    for url in (ninjs(asset.public_id), rights(asset.public_id)):
        response = api_client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "not_found"
        unknown = api_client.get(url.replace(asset.public_id, "zzzzzzzzzzzz"))
        assert unknown.json() == response.json()  # an unpublished id looks like no id at all


def test_staff_see_a_draft(staff_api_client):
    asset = AssetFactory(status=AssetStatus.DRAFT)
    assert staff_api_client.get(ninjs(asset.public_id)).status_code == 200


def test_restricted_where_the_request_comes_from_is_451_as_the_asset(api_client, geo):
    asset = AssetFactory(restrictions="No access Chinese mainland")
    detail = api_client.get(f"/api/v1/assets/{asset.public_id}/", HTTP_CF_IPCOUNTRY="CN")
    for url in (ninjs(asset.public_id), rights(asset.public_id)):
        response = api_client.get(url, HTTP_CF_IPCOUNTRY="CN")
        assert response.status_code == 451 == detail.status_code
        assert response.json() == detail.json()
        assert api_client.get(url, HTTP_CF_IPCOUNTRY="HK").status_code == 200


def test_a_licensee_gets_the_kill_notice_of_a_withdrawn_clip_wherever_it_is(api_client, geo):
    asset = with_master(AssetFactory(restrictions=""))
    _, key = make_buyer()
    licensee = client_for(key)
    assert order(licensee, [{"asset": asset.public_id, "license": "editorial"}]).status_code == 201
    _, other_key = make_buyer(name="Other desk")
    asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)
    response = licensee.get(ninjs(asset.public_id), HTTP_CF_IPCOUNTRY="CN")
    assert response.status_code == 200
    assert response.json()["pubstatus"] == "canceled"
    assert licensee.get(rights(asset.public_id)).status_code == 200
    assert client_for(other_key).get(ninjs(asset.public_id)).status_code == 404
    assert api_client.get(ninjs(asset.public_id)).status_code == 404


def test_rights_are_json_ld_and_exactly_what_the_item_carries(api_client, monkeypatch):
    asset = AssetFactory(restrictions="No access Chinese mainland. Editorial use only")
    moment = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    response = api_client.get(rights(asset.public_id))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    item = api_client.get(ninjs(asset.public_id)).json()
    assert json.loads(item["rightsinfo"]["encodedrights"]) == response.json()
    assert response.json()["@context"]


def test_an_address_that_is_not_a_public_id_is_not_found(api_client):
    assert api_client.get("/api/v1/assets/NOT-AN-ID/ninjs/").status_code == 404
    assert api_client.get("/api/v1/assets/aaaaaaaaaaaa/rights/").status_code == 404
