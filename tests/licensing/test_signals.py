"""Licensing tells the apps above it of new orders and revoked licences, without importing them."""

import pytest

from licensing.models import License
from licensing.services.orders import license_revoke, order_refund
from licensing.signals import license_revoked, order_created
from tests.licensing.conftest import order

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def on_order(sender, order, **kwargs):
        calls.append(("order", order.public_id))

    def on_revoked(sender, license, reason, **kwargs):
        calls.append(("revoked", license.public_id, reason))

    order_created.connect(on_order, dispatch_uid="test-order")
    license_revoked.connect(on_revoked, dispatch_uid="test-revoked")
    yield calls
    order_created.disconnect(dispatch_uid="test-order")
    license_revoked.disconnect(dispatch_uid="test-revoked")


def test_a_new_order_is_told_once_and_a_replay_not_again(heard, buyer_api, clip):
    items = [{"asset": clip.public_id, "license": "editorial"}]
    first = order(buyer_api, items)
    assert first.status_code == 201
    assert order(buyer_api, items).status_code == 200  # the same Idempotency-Key
    assert heard == [("order", first.json()["id"])]


def test_a_refused_order_is_not_told(heard, buyer_api, clip):
    response = order(buyer_api, [{"asset": clip.public_id, "license": "no-such-licence"}])
    assert response.status_code >= 400
    assert heard == []


def test_revoking_a_licence_tells_its_reason(heard, sold, staff_user):
    _, lic = sold
    heard.clear()
    license_revoke(license=lic, actor=staff_user, reason="Takedown request")
    assert heard == [("revoked", lic.public_id, "Takedown request")]


def test_a_refund_tells_each_licence_it_revoked(heard, sold, staff_user):
    placed, lic = sold
    heard.clear()
    order_refund(order=placed, actor=staff_user, reason="Wrong clip")
    assert heard == [("revoked", lic.public_id, "Order refunded: Wrong clip")]
    assert License.objects.get().revoked_at is not None
