"""Downloads: signed links to the master, checked again when followed, and recorded."""

import time

import pytest
from django.core import signing

from catalog.services import asset_save
from licensing.models import Download, License
from licensing.services.downloads import ensure_license_usable
from licensing.services.errors import LicenseUnusable
from licensing.services.keys import api_key_revoke
from licensing.services.orders import license_revoke
from tests.factories import AssetFactory
from tests.licensing.conftest import LICENSES, order, with_master

pytestmark = pytest.mark.django_db


def test_a_download_link_streams_the_master_and_is_recorded(buyer_api, sold, clip):
    _, license = sold
    response = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/")
    assert response.status_code == 200
    body = response.json()
    assert body["url"].startswith("http://testserver/api/v1/downloads/")
    fetched = buyer_api.get(body["url"])
    assert fetched.status_code == 200
    content = b"".join(fetched.streaming_content)
    with clip.master.open("rb") as master:
        assert content == master.read()
    assert "attachment" in fetched["Content-Disposition"]
    download = Download.objects.get()
    assert (download.license, download.size, download.territory) == (license, len(content), "GB")
    listed = buyer_api.get(f"{LICENSES}{license.public_id}/").json()["downloads"]
    assert [(d["size"], d["territory"]) for d in listed] == [(len(content), "GB")]


def test_a_link_works_for_15_minutes_only(buyer_api, sold, monkeypatch):
    _, license = sold
    url = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").json()["url"]
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 14 * 60)
    assert buyer_api.get(url).status_code == 200
    monkeypatch.setattr(signing.time, "time", lambda: now + 16 * 60)
    response = buyer_api.get(url)
    assert response.status_code == 410
    assert Download.objects.count() == 1


def test_a_tampered_link_is_refused(buyer_api, sold):
    _, license = sold
    url = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").json()["url"]
    assert buyer_api.get(url[:-3] + "abc/").status_code == 403
    assert not Download.objects.exists()


def test_a_revoked_licence_gets_no_link_and_its_links_stop_working(buyer_api, sold, staff_user):
    _, license = sold
    url = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").json()["url"]
    license_revoke(license=license, actor=staff_user, reason="Partner takedown")
    assert buyer_api.get(url).status_code == 403
    refused = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/")
    assert refused.status_code == 403
    assert "Partner takedown" in refused.json()["detail"]
    assert buyer_api.get(f"{LICENSES}{license.public_id}/").json()["state"] == "revoked"


def test_downloads_recheck_the_territory(buyer_api, sold, clip, staff_user):
    _, license = sold
    url = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").json()["url"]
    clip.restrictions = "No access UK"
    asset_save(asset=clip, actor=staff_user)
    response = buyer_api.get(url)
    assert response.status_code == 451
    assert response.json()["items"][0]["reasons"] == ["No access in United Kingdom (GB)"]


def test_a_clip_without_a_master_says_so(buyer_api):
    clip = AssetFactory()
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    license = License.objects.get()
    response = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/")
    assert response.status_code == 403
    assert "not available yet" in response.json()["detail"]
    with_master(clip)
    assert buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").status_code == 200


def test_a_link_made_with_a_key_dies_with_the_key(buyer, buyer_api, sold):

    _, license = sold
    url = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").json()["url"]
    api_key_revoke(key=buyer.api_keys.get())
    assert buyer_api.get(url).status_code == 403
    assert not Download.objects.exists()


def test_a_head_request_is_not_a_download_and_masters_are_not_cached(buyer_api, sold):
    _, license = sold
    url = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").json()["url"]
    assert buyer_api.head(url).status_code == 405
    assert not Download.objects.exists()
    assert buyer_api.get(url)["Cache-Control"] == "private, no-store"


def test_masters_have_no_url(clip):
    with pytest.raises(ValueError, match="no URL"):
        clip.master.url  # noqa: B018 - the property access is the test


def test_ensure_license_usable_raises_for_a_revoked_licence(buyer, sold, staff_user):
    _, license = sold
    assert ensure_license_usable(license, buyer) is None
    license_revoke(license=license, actor=staff_user, reason="Partner takedown")
    with pytest.raises(LicenseUnusable, match="was revoked: Partner takedown"):
        ensure_license_usable(license, buyer)
