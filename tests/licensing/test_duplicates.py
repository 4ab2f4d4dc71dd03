"""Paying twice for the same licence: the same clip and licence type under a new
Idempotency-Key is refused (409, naming the licence held) unless the buyer says they mean it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from licensing.models import License, Order
from licensing.services.orders import license_revoke
from tests.factories import AssetFactory
from tests.licensing.conftest import client_for, make_buyer, order

pytestmark = pytest.mark.django_db

EDITORIAL = "editorial"


def items(clip, license=EDITORIAL):
    return [{"asset": clip.public_id, "license": license}]


def test_a_second_identical_licence_is_409_naming_the_one_held(buyer, buyer_api, clip):
    assert order(buyer_api, items(clip), key="first").status_code == 201
    held = License.objects.get()
    again = order(buyer_api, items(clip), key="second")
    assert again.status_code == 409
    body = again.json()
    assert body["code"] == "already_licensed"
    assert f"You already hold Editorial licence {held.public_id}" in body["detail"]
    assert '"allow_duplicate": true' in body["detail"]
    assert body["items"] == [
        {
            "index": 0,
            "asset": clip.public_id,
            "license": EDITORIAL,
            "resolution": "hd",  # the clip's size is unknown, so it is sold at hd
            "held_license": held.public_id,
            "held_resolution": "hd",
            "detail": body["items"][0]["detail"],
        }
    ]
    assert Order.objects.count() == License.objects.count() == 1
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("850.00")  # charged once


def test_the_same_key_still_replays_the_first_order(buyer_api, clip):
    first = order(buyer_api, items(clip), key="same")
    replay = order(buyer_api, items(clip), key="same")
    assert (first.status_code, replay.status_code) == (201, 200)
    assert first.json()["id"] == replay.json()["id"]


def test_allow_duplicate_buys_a_second_licence(buyer_api, clip):
    assert order(buyer_api, items(clip), key="first").status_code == 201
    response = buyer_api.post(
        "/api/v1/orders/",
        {"items": items(clip), "allow_duplicate": True},
        format="json",
        HTTP_IDEMPOTENCY_KEY="second",
    )
    assert response.status_code == 201
    assert License.objects.count() == 2


def test_another_licence_type_or_a_revoked_licence_is_no_duplicate(buyer_api, clip, staff_user):
    assert order(buyer_api, items(clip), key="a").status_code == 201
    assert order(buyer_api, items(clip, "commercial"), key="b").status_code == 201
    license_revoke(license=License.objects.get(line__license_code=EDITORIAL), reason="Takedown")
    assert order(buyer_api, items(clip), key="c").status_code == 201


def test_another_buyer_may_hold_the_same_licence(buyer_api, clip):
    assert order(buyer_api, items(clip), key="a").status_code == 201
    _, other_key = make_buyer("Other Desk")
    assert order(client_for(other_key), items(clip), key="a").status_code == 201


def test_allow_duplicate_must_be_a_boolean(buyer_api, clip):
    response = buyer_api.post(
        "/api/v1/orders/",
        {"items": items(clip), "allow_duplicate": "perhaps"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="x",
    )
    assert response.status_code == 400
    assert not Order.objects.exists()


def test_a_restarted_site_checkout_shows_the_licence_held_and_asks_to_buy_again(
    client, buyer, clip
):
    client.force_login(buyer.members.get())
    checkout = reverse("licensing:checkout")
    form = {"asset": clip.public_id, "license": EDITORIAL}
    assert client.post(checkout, {**form, "idempotency_key": "one"}).status_code == 302
    held = License.objects.get()
    page = client.get(checkout, form).content.decode()
    assert f"You already hold Editorial licence <strong>{held.public_id}</strong>" in page
    assert "Buy again" in page and 'name="allow_duplicate" value="1"' in page
    refused = client.post(checkout, {**form, "idempotency_key": "two"})
    assert refused.status_code == 409
    assert held.public_id in refused.content.decode()
    assert License.objects.count() == 1
    again = client.post(checkout, {**form, "idempotency_key": "two", "allow_duplicate": "1"})
    assert again.status_code == 302
    assert License.objects.count() == 2


def test_the_clip_page_says_which_licence_is_held(client, buyer, clip):
    client.force_login(buyer.members.get())
    client.post(
        reverse("licensing:checkout"),
        {"asset": clip.public_id, "license": EDITORIAL, "idempotency_key": "one"},
    )
    held = License.objects.get()
    page = client.get(clip.get_absolute_url()).content.decode()
    assert f"You hold licence {held.public_id}" in page


def test_buying_for_another_clip_is_not_refused(buyer_api, clip):
    assert order(buyer_api, items(clip), key="a").status_code == 201
    assert order(buyer_api, items(AssetFactory()), key="b").status_code == 201
