"""Downloads: opaque short-lived links to the master, checked again when followed, and
recorded."""

import base64
import hashlib
import json
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from catalog.models import AssetStatus
from catalog.services import asset_change_status, asset_save
from licensing.models import Download, DownloadLink, License
from licensing.services import downloads
from licensing.services.downloads import ensure_license_usable
from licensing.services.errors import LicenseUnusable
from licensing.services.keys import api_key_revoke
from licensing.services.orders import license_revoke
from tests.factories import AssetFactory
from tests.licensing.conftest import LICENSES, make_buyer, order, with_master

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
    now = timezone.now()
    monkeypatch.setattr(downloads, "_now", lambda: now + timedelta(minutes=14))
    assert buyer_api.get(url).status_code == 200
    monkeypatch.setattr(downloads, "_now", lambda: now + timedelta(minutes=16))
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
    assert ensure_license_usable(license, buyer, request_territory=None) is None
    license_revoke(license=license, actor=staff_user, reason="Partner takedown")
    with pytest.raises(LicenseUnusable, match="was revoked: Partner takedown"):
        ensure_license_usable(license, buyer, request_territory=None)


def test_a_withdrawn_clip_serves_no_master_but_keeps_its_licences(
    buyer_api, sold, clip, staff_user
):
    _, license = sold
    url = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").json()["url"]
    asset_change_status(asset=clip, status=AssetStatus.WITHDRAWN, actor=staff_user)
    followed = buyer_api.get(url)
    assert followed.status_code == 410
    assert followed.json()["code"] == "withdrawn"
    assert "withdrawn from the catalogue" in followed.json()["detail"]
    refused = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/")
    assert refused.status_code == 410
    assert f"Licence {license.public_id} stays on record" in refused.json()["detail"]
    assert not Download.objects.exists()
    kept = buyer_api.get(f"{LICENSES}{license.public_id}/")
    assert kept.status_code == 200 and kept.json()["id"] == license.public_id


def test_a_withdrawn_clip_back_in_draft_still_serves_no_master(buyer_api, sold, clip, staff_user):
    _, license = sold
    asset_change_status(asset=clip, status=AssetStatus.WITHDRAWN, actor=staff_user)
    asset_change_status(asset=clip, status=AssetStatus.DRAFT, actor=staff_user)
    assert buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").status_code == 410


def test_the_site_download_button_says_the_clip_was_withdrawn(client, buyer, sold, clip):
    _, license = sold
    asset_change_status(asset=clip, status=AssetStatus.WITHDRAWN)
    client.force_login(buyer.members.get())
    response = client.post(reverse("licensing:download", args=[license.public_id]), follow=True)
    assert "withdrawn from the catalogue" in response.content.decode()
    assert not Download.objects.exists()


def test_a_link_token_is_opaque_and_only_its_hash_is_stored(buyer_api, sold):
    _, license = sold
    url = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").json()["url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert len(token) == 43 and ":" not in token  # 32 random bytes, no signed payload
    with pytest.raises(ValueError):
        json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    link = DownloadLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert (link.license, link.buyer) == (license, license.buyer)
    second = buyer_api.post(f"{LICENSES}{license.public_id}/download-link/").json()["url"]
    assert second != url  # nothing sequential: each link is new randomness


def test_a_token_of_the_old_signed_format_no_longer_works(buyer_api, sold):
    _, license = sold
    old = signing.dumps(
        {"l": license.pk, "b": license.buyer_id, "k": None},
        salt="licensing.download",
        compress=True,
    )
    response = buyer_api.get(reverse("api:download", kwargs={"token": old}))
    assert response.status_code == 403
    assert response.json()["code"] == "invalid_link"


def test_a_link_is_bound_to_its_buyer(buyer_api, sold):
    _, license = sold
    buyer_api.post(f"{LICENSES}{license.public_id}/download-link/")
    other, _ = make_buyer("Other Desk")
    DownloadLink.objects.update(buyer=other)  # a row that no longer matches its licence
    link = DownloadLink.objects.get()
    token = "x" * 43
    link.token_hash = hashlib.sha256(token.encode()).hexdigest()
    link.save()
    response = buyer_api.get(reverse("api:download", kwargs={"token": token}))
    assert response.status_code == 403
