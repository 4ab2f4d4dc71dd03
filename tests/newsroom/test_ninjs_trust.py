"""ninjs items link to how the clip was verified and carry the file's digital source type."""

import pytest

from tests.factories import AssetFactory
from tests.footage.evidence_files import read_evidence_of
from tests.newsroom.ninjs_schema import ninjs_errors

pytestmark = pytest.mark.django_db


def _item(api_client, asset):
    response = api_client.get(f"/api/v1/assets/{asset.public_id}/ninjs/")
    assert response.status_code == 200
    item = response.json()
    assert ninjs_errors(item) == []
    return item


def test_an_item_links_to_its_verification_and_credentials(api_client):
    asset = AssetFactory()
    read_evidence_of(
        asset,
        credentials="trusted",
        signer="Field Camera Co.",
        digital_source_type="digitalCapture",
    )
    item = _item(api_client, asset)
    verification = f"http://testserver/api/v1/assets/{asset.public_id}/verification/"
    assert item["trustindicators"] == [
        {
            "role": "urn:clipwire:trust:verification",
            "title": "How this clip was verified",
            "href": verification,
        },
        {
            "role": "urn:clipwire:trust:content-credentials",
            "title": "Content Credentials (C2PA) signed by Field Camera Co.",
            "href": f"{verification}#provenance",
        },
    ]
    assert item["digitalsourcetype"] == {
        "uri": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture",
        "literal": "digitalCapture",
    }


def test_an_unchecked_clip_links_to_its_verification_only(api_client):
    item = _item(api_client, AssetFactory())
    assert [link["role"] for link in item["trustindicators"]] == ["urn:clipwire:trust:verification"]
    assert "digitalsourcetype" not in item


def test_evidence_of_an_earlier_master_is_not_shown(api_client):
    asset = AssetFactory()
    read_evidence_of(
        asset,
        master="masters/new.mp4",
        read_from="masters/old.mp4",
        credentials="valid",
        digital_source_type="trainedAlgorithmicMedia",
    )
    item = _item(api_client, asset)
    assert len(item["trustindicators"]) == 1 and "digitalsourcetype" not in item
