"""The purchase service through POST /api/v1/orders/: every answer a newsroom system can get,
and what each leaves behind."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from catalog.models import AssetStatus, VideoAsset
from catalog.services import asset_save
from ledger.models import Earning
from licensing.models import AssetPrice, Buyer, License, LicenseType, Order, Payment
from tests.factories import AssetFactory, PartnerFactory
from tests.licensing.conftest import ORDERS, client_for, make_buyer, nothing_sold, order

pytestmark = pytest.mark.django_db


def test_a_purchase_makes_an_order_a_licence_a_payment_and_earnings(buyer, buyer_api, clip):
    response = order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == f"http://testserver/api/v1/orders/{body['id']}/"
    assert body["status"] == "paid"
    assert (body["total"], body["currency"]) == ("150.00", "USD")
    line = body["lines"][0]
    assert (line["asset"], line["title"], line["license"]) == (
        clip.public_id,
        "Floods in the valley",
        "editorial",
    )
    assert line["territory"] == "GB"
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("850.00")
    license = License.objects.get()
    assert license.public_id == line["license_id"]
    assert (license.ends_at - license.starts_at).days == 365
    earning = Earning.objects.get()
    assert (earning.partner, earning.amount) == (clip.partner, Decimal("75.00"))
    assert Payment.objects.get().amount == Decimal("150.00")
    assert AuditEntry.objects.filter(action="order.paid").count() == 1
    assert buyer_api.get(response["Location"]).status_code == 200


def test_the_same_key_and_body_return_the_first_order(buyer, buyer_api, clip):
    items = [{"asset": clip.public_id, "license": "editorial"}]
    first = order(buyer_api, items, key="retry-me")
    again = order(buyer_api, items, key="retry-me")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Order.objects.count() == 1
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("850.00")


def test_the_same_key_with_another_body_is_422_and_changes_nothing(buyer, buyer_api, clip):
    other = AssetFactory()
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}], key="k")
    response = order(buyer_api, [{"asset": other.public_id, "license": "editorial"}], key="k")
    assert response.status_code == 422
    assert "different order" in response.json()["detail"]
    assert Order.objects.count() == 1


def test_an_idempotency_key_is_required(buyer_api, clip):
    response = buyer_api.post(
        ORDERS, {"items": [{"asset": clip.public_id, "license": "editorial"}]}, format="json"
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert nothing_sold()


def test_keys_are_scoped_per_buyer(clip):
    _, key_a = make_buyer("Alpha")
    _, key_b = make_buyer("Beta")
    items = [{"asset": clip.public_id, "license": "editorial"}]
    assert order(client_for(key_a), items, key="same").status_code == 201
    assert order(client_for(key_b), items, key="same").status_code == 201


def test_not_enough_credit_is_402_and_leaves_nothing(buyer, buyer_api, clip):
    response = order(buyer_api, [{"asset": clip.public_id, "license": "exclusive"}])
    assert response.status_code == 402
    assert "2500.00 USD" in response.json()["detail"]
    assert nothing_sold()
    buyer.refresh_from_db()
    assert buyer.credit_balance == Decimal("1000.00")


def test_invoice_buyers_buy_within_their_limit(clip):
    buyer, raw = make_buyer("On account", credits="0", invoice_limit="500")
    api = client_for(raw)
    assert order(api, [{"asset": clip.public_id, "license": "commercial"}], "a").status_code == 201
    second = AssetFactory()
    refused = order(api, [{"asset": second.public_id, "license": "commercial"}], "b")
    assert refused.status_code == 402
    buyer.refresh_from_db()
    assert buyer.invoice_balance == Decimal("450.00")


def test_buyers_in_other_currencies_are_told_plainly(clip):
    _, key = make_buyer("Euro desk")
    Buyer.objects.filter(name="Euro desk").update(currency="EUR")
    response = order(client_for(key), [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 400
    assert "priced in USD" in response.json()["detail"]


def test_an_exclusive_licence_blocks_every_other_sale_409():
    clip = AssetFactory()
    _, rich = make_buyer("Rich", credits="10000")
    _, other = make_buyer("Other", credits="10000")
    assert (
        order(client_for(rich), [{"asset": clip.public_id, "license": "exclusive"}]).status_code
        == 201
    )
    for license in ("editorial", "commercial", "exclusive"):
        response = order(
            client_for(other), [{"asset": clip.public_id, "license": license}], license
        )
        assert response.status_code == 409
        assert "exclusively until" in response.json()["items"][0]["detail"]
    assert License.objects.count() == 1


def test_an_exclusive_is_refused_while_others_hold_licences():
    clip = AssetFactory()
    _, first = make_buyer("First", credits="10000")
    _, second = make_buyer("Second", credits="10000")
    order(client_for(first), [{"asset": clip.public_id, "license": "editorial"}])
    response = order(client_for(second), [{"asset": clip.public_id, "license": "exclusive"}])
    assert response.status_code == 409
    assert "Others hold active licences" in response.json()["items"][0]["detail"]


def test_an_exclusive_counts_even_before_its_term_has_started():
    """A sale that committed while another purchase waited for the clip's lock carries a
    start time later than that purchase's first clock read; it must still block."""

    clip = AssetFactory()
    _, first = make_buyer("First", credits="5000")
    _, second = make_buyer("Second", credits="5000")
    order(client_for(first), [{"asset": clip.public_id, "license": "exclusive"}])
    License.objects.update(starts_at=timezone.now() + timedelta(seconds=5))
    response = order(client_for(second), [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 409
    assert License.objects.count() == 1


def test_restrictions_refuse_the_buyers_territory_or_use_451():
    _, cn_key = make_buyer("Beijing Desk", country="CN")
    blocked = AssetFactory(restrictions="No access Chinese mainland")
    response = order(client_for(cn_key), [{"asset": blocked.public_id, "license": "editorial"}])
    assert response.status_code == 451
    assert response.json()["items"][0]["reasons"] == ["No access in Chinese mainland (CN)"]
    _, gb_key = make_buyer("London Desk", country="GB")
    editorial = AssetFactory(restrictions="Editorial use only")
    refused = order(client_for(gb_key), [{"asset": editorial.public_id, "license": "commercial"}])
    assert refused.status_code == 451
    assert refused.json()["items"][0]["reasons"] == ["Editorial use only: no commercial use"]
    assert nothing_sold()


@pytest.mark.parametrize(
    ("items", "detail"),
    [
        ([], "may not be empty"),
        ([{"asset": "aaaaaaaaaaaa", "license": "editorial"}], "does not exist"),
        ([{"asset": "CLIP", "license": "personal"}], "does not exist"),
        (
            [{"asset": "CLIP", "license": "editorial"}, {"asset": "CLIP", "license": "editorial"}],
            "twice",
        ),
        ([{"asset": "DRAFT", "license": "editorial"}], "does not exist"),
    ],
)
def test_bad_items_are_400_and_say_why(buyer_api, clip, items, detail):
    draft = AssetFactory(status=AssetStatus.DRAFT)
    ids = {"CLIP": clip.public_id, "DRAFT": draft.public_id}
    items = [{**item, "asset": ids.get(item["asset"], item["asset"])} for item in items]
    response = order(buyer_api, items)
    assert response.status_code == 400
    assert detail in str(response.json())
    assert nothing_sold()


def test_a_line_keeps_what_was_sold_when_the_clip_changes(buyer_api, clip, staff_user):
    clip.restrictions = "Must credit Valley TV"
    asset_save(asset=clip, actor=staff_user)
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    clip.title, clip.restrictions = "Renamed", "No archive"
    asset_save(asset=clip, actor=staff_user)
    line = buyer_api.get(ORDERS).json()["results"][0]["lines"][0]
    assert line["title"] == "Floods in the valley"
    assert line["restrictions"] == "Must credit Valley TV"
    assert line["duties"] == ["Must credit Valley TV"]


def test_asset_prices_override_the_list_price(buyer, buyer_api):

    clip = AssetFactory(partner=PartnerFactory(revenue_share=Decimal("0.600")))
    AssetPrice.objects.create(
        asset=clip, license_type=LicenseType.objects.get(code="editorial"), price=Decimal("99.99")
    )
    body = order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}]).json()
    assert body["total"] == "99.99"
    assert Earning.objects.get().amount == Decimal("59.99")  # 59.994 rounded half up


def test_a_licence_type_needs_a_term_of_at_least_a_day():
    license_type = LicenseType.objects.get(code="editorial")
    license_type.duration_days = 0
    with pytest.raises(ValidationError):
        license_type.full_clean()


def test_a_published_clip_whose_restrictions_cannot_be_read_is_refused_451(buyer_api):
    """Publishing refuses unreadable text; should some reach a published clip anyway (here by a
    direct update), the territory check refuses the sale before any licence is issued."""
    clip = AssetFactory(restrictions="")
    VideoAsset.objects.filter(pk=clip.pk).update(restrictions="Not a rule anyone wrote")
    response = order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 451
    assert "could not be read" in response.json()["items"][0]["reasons"][0]
    assert nothing_sold()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"items": []}, "items"),
        ({}, "items"),
        ({"items": "clip"}, "items"),
        ({"items": [{"asset": "x" * 13, "license": "editorial"}]}, "items.0.asset"),
    ],
)
def test_a_bad_order_body_is_a_400_in_the_documented_error_shape(buyer_api, body, field):
    response = buyer_api.post(ORDERS, body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"].startswith(f"{field}: ")
    assert list(body["fields"]) == [field]
    assert nothing_sold()


def test_an_order_that_is_not_json_is_a_415(buyer_api, clip):
    response = buyer_api.post(
        ORDERS,
        {"items": f"{clip.public_id}:editorial"},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert nothing_sold()


@pytest.mark.parametrize("key", [" ", "clé", "a\tb", "x" * 256])
def test_an_idempotency_key_is_visible_ascii_as_the_schema_says(buyer_api, clip, key):
    response = order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}], key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert nothing_sold()
