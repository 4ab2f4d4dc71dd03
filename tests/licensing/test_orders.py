"""After the sale: refunds and the order's status moves."""

from decimal import Decimal

import pytest

from audit.models import AuditEntry
from ledger.models import Earning
from licensing.models import IllegalOrderTransition, Order, OrderStatus, Payment
from licensing.services.buyers import buyer_settle_invoice
from licensing.services.orders import order_refund
from tests.factories import AssetFactory
from tests.licensing.conftest import client_for, make_buyer, order

pytestmark = pytest.mark.django_db


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


def test_refunding_a_settled_invoice_order_returns_the_money_as_credit(clip):
    debtor, key = make_buyer("Settled", credits="0", invoice_limit="1000")
    order(client_for(key), [{"asset": clip.public_id, "license": "commercial"}])
    buyer_settle_invoice(buyer=debtor, amount=300)
    order_refund(order=Order.objects.get())
    debtor.refresh_from_db()
    assert (str(debtor.invoice_balance), str(debtor.credit_balance)) == ("0.00", "300.00")


def test_order_status_is_a_guarded_state_machine(buyer_api, clip):
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    sold = Order.objects.get()
    assert sold.status == OrderStatus.PAID
    with pytest.raises(IllegalOrderTransition):
        sold.transition_to("cancelled")  # no longer a status: nothing ever cancelled an order
    with pytest.raises(IllegalOrderTransition):
        sold.transition_to(OrderStatus.PENDING)
