"""The buyer flow of docs/licensing.md, end to end: create a buyer, search, order, licence,
download, verify. Each step uses only what the previous one printed or returned."""

import io
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from catalog.models import VideoAsset
from tests.factories import AssetFactory
from tests.licensing.conftest import with_master

pytestmark = pytest.mark.django_db


def test_create_buyer_search_order_license_download_verify(client):
    clip = with_master(
        AssetFactory(title="Tornado near Norman", restrictions="Must credit Storm Chasers"), 3
    )
    out = io.StringIO()
    call_command(
        "create_buyer", "--name", "Daily Planet", "--country", "US",
        "--email", "desk@planet.example", "--credits", "1000", stdout=out,
    )  # fmt: skip
    api_key = json.loads(out.getvalue())["api_key"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {api_key}")

    found = api.get("/api/v1/assets/", {"search": "tornado"}).json()["results"]
    assert [row["id"] for row in found] == [clip.public_id]

    placed = api.post(
        "/api/v1/orders/",
        {"items": [{"asset": found[0]["id"], "license": "editorial"}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="planet-0001",
    )
    assert placed.status_code == 201
    license_url = placed.json()["lines"][0]["license_url"]

    license = api.get(license_url).json()
    assert license["state"] == "active"
    assert license["duties"] == ["Must credit Storm Chasers"]

    link = api.post(f"{license_url}download-link/").json()
    download = APIClient().get(link["url"])  # the link itself is the credential
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    with VideoAsset.objects.get(pk=clip.pk).master.open("rb") as master:
        assert body == master.read()

    verify = client.get(license["verify_url"].removeprefix("http://testserver"))
    assert verify.status_code == 200
    assert "Daily Planet" in verify.content.decode()
    assert "In force" in verify.content.decode()
