"""Where events come from: a withdrawal and a change of restrictions go to every buyer holding
a licence of the clip (once per buyer), a revoked licence to its buyer, an order to its buyer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import AssetStatus
from catalog.services import asset_change_status, asset_save
from licensing.models import License, Order
from licensing.services.orders import license_revoke
from licensing.services.purchase import PurchaseItem, purchase
from newsroom.models import WebhookDelivery
from tests.factories import AssetFactory
from tests.licensing.conftest import make_buyer
from tests.newsroom.webhooks_support import buyer_holding, endpoint_for

pytestmark = pytest.mark.django_db
ALL = (
    "asset.withdrawn",
    "asset.restrictions_changed",
    "license.revoked",
    "order.created",
)
URL = "https://93.184.215.14/hook"


def sent(type: str) -> dict[int, dict]:
    """buyer id -> the payload of the one delivery of `type` to it."""
    found = {}
    for delivery in WebhookDelivery.objects.filter(type=type).select_related("endpoint"):
        assert delivery.endpoint.buyer_id not in found, "one event per buyer"
        found[delivery.endpoint.buyer_id] = delivery.payload
    return found


@pytest.fixture
def clip():
    return AssetFactory(title="Floods in the valley", restrictions="")


def test_a_withdrawal_tells_each_licensee_once_with_its_licences(clip):
    first = buyer_holding(clip, "First Desk")
    purchase(  # a second licence of the same clip: still one event, naming both
        buyer=first,
        items=[PurchaseItem(clip.public_id, "commercial")],
        idempotency_key="k2",
        request_territory=None,
    )
    second = buyer_holding(clip, "Second Desk", key="k3")
    revoked = buyer_holding(clip, "Revoked Desk", key="k4")
    license_revoke(license=License.objects.get(buyer=revoked), reason="Takedown")
    bystander = buyer_holding(AssetFactory(), "Bystander", key="k5")
    for buyer in (first, second, revoked, bystander):
        endpoint_for(buyer, URL, events=ALL)

    asset_change_status(asset=clip, status=AssetStatus.WITHDRAWN)

    events = sent("asset.withdrawn")
    assert set(events) == {first.pk, second.pk}  # not the revoked licence's, not a bystander
    payload = events[first.pk]
    assert payload["type"] == "asset.withdrawn"
    data = payload["data"]
    assert data["asset"]["id"] == clip.public_id and data["asset"]["title"] == clip.title
    assert data["asset"]["status"] == "withdrawn" and data["previous_status"] == "published"
    assert data["asset"]["ninjs"].endswith(f"/api/v1/assets/{clip.public_id}/ninjs/")
    assert data["asset"]["ninjs"].startswith("http")
    assert data["licenses"] == list(
        License.objects.filter(buyer=first).order_by("pk").values_list("public_id", flat=True)
    )
    assert len(data["licenses"]) == 2


def test_a_change_of_restrictions_says_before_and_after(clip):
    buyer = buyer_holding(clip, "Restricted Desk")
    endpoint_for(buyer, URL, events=["asset.restrictions_changed"])
    clip.restrictions = "No access Chinese mainland"
    asset_save(asset=clip)
    [payload] = sent("asset.restrictions_changed").values()
    assert payload["data"]["restrictions"] == {"before": "", "after": "No access Chinese mainland"}
    assert payload["data"]["licenses"] == [License.objects.get(buyer=buyer).public_id]
    assert not WebhookDelivery.objects.exclude(type="asset.restrictions_changed").exists()


def test_a_revoked_licence_tells_its_buyer_with_the_reason(clip):
    buyer = buyer_holding(clip, "Revoked Desk")
    other = buyer_holding(clip, "Other Desk", key="k2")
    endpoint_for(buyer, URL, events=["license.revoked"])
    endpoint_for(other, URL, events=["license.revoked"])
    licence = License.objects.get(buyer=buyer)
    license_revoke(license=licence, reason="Partner takedown")
    events = sent("license.revoked")
    assert set(events) == {buyer.pk}
    data = events[buyer.pk]["data"]
    assert data["license"]["id"] == licence.public_id
    assert data["license"]["reason"] == "Partner takedown" and data["license"]["revoked_at"]
    assert data["asset"]["id"] == clip.public_id


def test_an_order_tells_its_buyer_what_was_bought(clip):
    buyer, _ = make_buyer("Ordering Desk")
    endpoint_for(buyer, URL, events=["order.created"])
    purchase(
        buyer=buyer,
        items=[PurchaseItem(clip.public_id, "editorial")],
        idempotency_key="o1",
        request_territory=None,
    )
    order = Order.objects.get(buyer=buyer)
    [payload] = sent("order.created").values()
    assert payload["data"]["order"]["id"] == order.public_id
    [line] = payload["data"]["lines"]
    assert line["asset"]["id"] == clip.public_id and line["license_type"] == "editorial"
    assert line["license"] == License.objects.get(buyer=buyer).public_id
    assert (line["resolution"], line["upgrade"]) == ("hd", False)  # its size is unknown: hd


def test_an_upgrade_names_the_licence_it_raised():
    clip = AssetFactory(title="Floods in the valley", restrictions="", width=1920, height=1080)
    buyer, _ = make_buyer("Upgrading Desk")
    endpoint_for(buyer, URL, events=["order.created"])
    for key, tier in (("u1", "web"), ("u2", "hd")):
        purchase(
            buyer=buyer,
            items=[PurchaseItem(clip.public_id, "editorial", tier)],
            idempotency_key=key,
            request_territory=None,
        )
    upgrade = WebhookDelivery.objects.filter(type="order.created").order_by("pk").last()
    [line] = upgrade.payload["data"]["lines"]
    assert line["license"] == License.objects.get(buyer=buyer).public_id
    assert (line["resolution"], line["upgrade"], line["price"]) == ("hd", True, "90.00")


def test_a_withdrawal_fans_out_in_bulk(clip):
    """The queries of a withdrawal do not grow with its licensees: one read of licences, one
    of endpoints, one insert of deliveries (SQLite and PostgreSQL return the new ids)."""
    for n in range(30):
        endpoint_for(buyer_holding(clip, f"Desk {n}", key=f"k{n}"), URL)
    with CaptureQueriesContext(connection) as queries:
        asset_change_status(asset=clip, status=AssetStatus.WITHDRAWN)
    assert WebhookDelivery.objects.filter(type="asset.withdrawn").count() == 30
    fan_out = [q["sql"] for q in queries if "newsroom_" in q["sql"] or "_license" in q["sql"]]
    assert len(fan_out) <= 3, fan_out
