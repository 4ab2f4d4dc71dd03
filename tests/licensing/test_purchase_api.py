"""POST /api/v1/orders/: every answer a newsroom system can get, and what each leaves behind."""

from decimal import Decimal

import pytest

from audit.models import AuditEntry
from catalog.models import AssetStatus
from catalog.services import asset_save
from licensing.models import Earning, License, Order, OrderStatus, Payment
from licensing.services.keys import api_key_revoke
from tests.factories import AssetFactory, PartnerFactory
from tests.licensing.conftest import LICENSES, ORDERS, client_for, make_buyer, order

pytestmark = pytest.mark.django_db


def nothing_sold():
    return not (Order.objects.exists() or License.objects.exists() or Earning.objects.exists())


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


@pytest.mark.parametrize("header", [None, "Api-Key nope.nope", "Bearer abc", "Api-Key "])
def test_missing_or_bad_keys_are_401(api_client, clip, header):
    if header:
        api_client.credentials(HTTP_AUTHORIZATION=header)
    response = order(api_client, [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Api-Key")
    assert api_client.get(LICENSES).status_code == 401
    assert nothing_sold()


def test_a_revoked_key_is_401(buyer_and_key, clip):
    buyer, raw = buyer_and_key
    api_key_revoke(key=buyer.api_keys.get())
    assert client_for(raw).get(ORDERS).status_code == 401


def test_staff_without_an_organisation_cannot_buy(staff_api_client, clip):
    response = order(staff_api_client, [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 403


def test_another_buyers_orders_and_licences_are_404(buyer_api, clip):
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    sold = Order.objects.get()
    license = License.objects.get()
    _, other_key = make_buyer("Other")
    other = client_for(other_key)
    assert other.get(f"{ORDERS}{sold.public_id}/").status_code == 404
    assert other.get(f"{LICENSES}{license.public_id}/").status_code == 404
    assert other.post(f"{LICENSES}{license.public_id}/download-link/").status_code == 404
    assert other.get(ORDERS).json()["count"] == 0
    assert buyer_api.get(ORDERS).json()["count"] == 1


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
    from licensing.models import AssetPrice, LicenseType

    clip = AssetFactory(partner=PartnerFactory(revenue_share=Decimal("0.600")))
    AssetPrice.objects.create(
        asset=clip, license_type=LicenseType.objects.get(code="editorial"), price=Decimal("99.99")
    )
    body = order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}]).json()
    assert body["total"] == "99.99"
    assert Earning.objects.get().amount == Decimal("59.99")  # 59.994 rounded half up


def test_order_status_is_a_guarded_state_machine(buyer_api, clip):
    from licensing.models import IllegalOrderTransition

    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    sold = Order.objects.get()
    assert sold.status == OrderStatus.PAID
    with pytest.raises(IllegalOrderTransition):
        sold.transition_to(OrderStatus.CANCELLED)


@pytest.mark.parametrize("endpoint", [ORDERS, LICENSES])
def test_lists_run_a_fixed_number_of_queries(buyer_api, endpoint, django_assert_max_num_queries):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert buyer_api.get(endpoint).status_code == 200
        return len(captured)

    order(buyer_api, [{"asset": AssetFactory().public_id, "license": "editorial"}], "q0")
    one = count_queries()
    for n in range(1, 5):
        order(buyer_api, [{"asset": AssetFactory().public_id, "license": "editorial"}], f"q{n}")
    with django_assert_max_num_queries(one):
        assert buyer_api.get(endpoint).json()["count"] == 5


def test_an_exclusive_counts_even_before_its_term_has_started():
    """A sale that committed while another purchase waited for the clip's lock carries a
    start time later than that purchase's first clock read; it must still block."""
    from datetime import timedelta

    from django.utils import timezone

    clip = AssetFactory()
    _, first = make_buyer("First", credits="5000")
    _, second = make_buyer("Second", credits="5000")
    order(client_for(first), [{"asset": clip.public_id, "license": "exclusive"}])
    License.objects.update(starts_at=timezone.now() + timedelta(seconds=5))
    response = order(client_for(second), [{"asset": clip.public_id, "license": "editorial"}])
    assert response.status_code == 409
    assert License.objects.count() == 1
