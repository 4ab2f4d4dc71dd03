"""A line naming clients ("No access BBC", "AP clients only") is decided at purchase against the
buyer's names (Buyer.known_as); lists and pages, which do not know the buyer, show the clip with
a warning (docs/rights.md, "What the check cannot know")."""

import pytest

from ledger.models import Earning
from licensing.models import Order
from tests.factories import AssetFactory
from tests.licensing.conftest import client_for, make_buyer, order

pytestmark = pytest.mark.django_db


def buyer_known_as(name, known_as=""):
    buyer, raw = make_buyer(name=name, country="GB")
    buyer.known_as = known_as
    buyer.save(update_fields=["known_as"])
    return buyer, client_for(raw)


def test_a_buyer_the_line_names_is_refused_with_the_reason_and_nothing_is_sold():
    clip = AssetFactory(restrictions="No access BBC, Sky News")
    _, bbc = buyer_known_as("British Broadcasting Corporation", known_as="BBC, BBC News")

    response = bbc.post(
        "/api/v1/orders/",
        {"items": [{"asset": clip.public_id, "license": "editorial"}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    assert response.status_code == 451, response.content
    body = response.json()
    assert (
        body["detail"]
        == "This clip is not licensed to your organisation: its restrictions name clients."
    )
    assert body["items"][0]["refused_by"] == "client"
    assert body["items"][0]["reasons"] == [
        "Not for use by BBC, Sky News: this organisation is known as one of them"
    ]
    assert not Order.objects.exists() and not Earning.objects.exists()


def test_a_buyer_the_line_does_not_name_buys_and_the_warning_is_on_the_clip():
    clip = AssetFactory(restrictions="Not for use by CNN")
    _, planet = buyer_known_as("Daily Planet")
    assert order(planet, [{"asset": clip.public_id, "license": "editorial"}]).status_code == 201
    decision = clip.availability("US")
    assert decision.allowed
    assert "names clients" in decision.warnings[0]


def test_only_for_named_clients_sells_to_them_alone():
    clip = AssetFactory(restrictions="AP clients only")
    _, member = buyer_known_as("Metro Desk", known_as="AP clients")
    _, stranger = buyer_known_as("Other Desk")
    item = [{"asset": clip.public_id, "license": "editorial"}]
    assert order(member, item).status_code == 201
    response = order(stranger, item, key="k2")
    assert response.status_code == 451
    assert "not known as one of them" in response.json()["items"][0]["reasons"][0]
