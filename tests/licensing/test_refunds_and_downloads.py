"""After the sale: refunds, revocations, download links and certificates."""

import time
from decimal import Decimal

import pytest
from django.core import signing
from django.urls import reverse

from audit.models import AuditEntry
from catalog.services import asset_save
from licensing.models import Download, Earning, IllegalOrderTransition, License, Order, Payment
from licensing.services.orders import license_revoke, order_refund
from tests.factories import AssetFactory
from tests.licensing.conftest import LICENSES, client_for, make_buyer, order, with_master

pytestmark = pytest.mark.django_db


@pytest.fixture
def sold(buyer, buyer_api, clip):
    response = order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 201
    return Order.objects.get(), License.objects.get()


def test_a_refund_returns_credit_revokes_licences_and_reverses_earnings(buyer, sold, staff_user):
    sold_order, license = sold
    order_refund(order=sold_order, actor=staff_user, reason="Wrong clip")
    buyer.refresh_from_db()
    license.refresh_from_db()
    assert buyer.credit_balance == Decimal("1000.00")
    assert license.revoked_at is not None and "Wrong clip" in license.revoke_reason
    assert sum(e.amount for e in Earning.objects.all()) == Decimal("0.00")
    assert [p.amount for p in Payment.objects.order_by("id")] == [
        Decimal("150.00"),
        Decimal("-150.00"),
    ]
    assert AuditEntry.objects.get(action="order.refunded").actor == staff_user
    with pytest.raises(IllegalOrderTransition):
        order_refund(order=sold_order, actor=staff_user)
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("1000.00")


def test_refunding_an_exclusive_frees_the_clip():
    clip = AssetFactory()
    _, first = make_buyer("First", credits="5000")
    _, second = make_buyer("Second", credits="5000")
    order(client_for(first), [{"asset": clip.public_id, "license": "exclusive"}])
    order_refund(order=Order.objects.get())
    again = order(client_for(second), [{"asset": clip.public_id, "license": "exclusive"}])
    assert again.status_code == 201


def test_admin_refund_action_uses_the_service(staff_client, sold, buyer):
    sold_order, _ = sold
    response = staff_client.post(
        reverse("admin:licensing_order_changelist"),
        {"action": "refund", "_selected_action": [sold_order.pk]},
        follow=True,
    )
    assert "Refunded 1 orders" in response.content.decode()
    sold_order.refresh_from_db()
    assert sold_order.status == "refunded"


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


def test_the_public_verification_page(client, sold, buyer, staff_user):
    _, license = sold
    page = client.get(f"/licenses/verify/{license.verification_code}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "In force" in html and buyer.name in html and "Floods in the valley" in html
    assert "Editorial" in html
    license_revoke(license=license, actor=staff_user, reason="Court order")
    html = client.get(f"/licenses/verify/{license.verification_code.lower()}/").content.decode()
    assert "Revoked" in html
    assert "Court order" not in html  # the reason is between us and the buyer
    assert client.get("/licenses/verify/NOPE-NOPE-NOPE/").status_code == 404


def test_the_buyer_downloads_a_pdf_certificate(buyer_api, sold, api_client):
    _, license = sold
    response = buyer_api.get(f"{LICENSES}{license.public_id}/certificate/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert api_client.get(f"{LICENSES}{license.public_id}/certificate/").status_code == 401


def test_licence_list_shows_terms_and_links(buyer_api, sold):
    row = buyer_api.get(LICENSES).json()["results"][0]
    assert row["state"] == "active"
    assert row["verify_url"].endswith(f"/licenses/verify/{row['verification_code']}/")
    assert row["terms"].startswith("Editorial use")


def test_a_link_made_with_a_key_dies_with_the_key(buyer, buyer_api, sold):
    from licensing.services.keys import api_key_revoke

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
