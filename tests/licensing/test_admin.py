"""Licensing in Django admin: every page opens, money and rights records are read-only, and
actions go through the services."""

import pytest
from django.urls import reverse

from licensing.models import Order
from tests.licensing.conftest import order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "licensing.buyer", "licensing.apikey", "licensing.licensetype", "licensing.assetprice",
        "licensing.order", "licensing.license", "licensing.download",
        "ledger.earning", "ledger.partnerbalance", "ledger.payout",
    ],
)  # fmt: skip
def test_licensing_and_ledger_admin_pages_open(staff_client, buyer_api, clip, model):
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    name = model.replace(".", "_")
    assert staff_client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_admin_earnings_by_partner_and_month(staff_client, buyer_api, clip):
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])
    page = staff_client.get(reverse("admin:ledger_earning_summary")).content.decode()
    assert clip.partner.name in page and "75.00 USD" in page


def test_order_admin_is_read_only(staff_client, buyer_api, clip):
    order(buyer_api, [{"asset": clip.public_id, "license": "editorial"}])

    sold = Order.objects.get()
    url = reverse("admin:licensing_order_change", args=[sold.pk])
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(url, {"total": "1.00"}).status_code == 403
    sold.refresh_from_db()
    assert str(sold.total) == "150.00"


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


@pytest.fixture
def viewer_client(client, db):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)
    return client


def test_view_only_staff_cannot_revoke_keys_refund_or_read_earnings(viewer_client, buyer):
    key = buyer.api_keys.get()
    viewer_client.post(
        reverse("admin:licensing_apikey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
    )
    key.refresh_from_db()
    assert key.revoked_at is None
    from django.contrib.auth.models import Permission

    user = viewer_client.get("/admin/").wsgi_request.user
    user.user_permissions.remove(Permission.objects.get(codename="view_earning"))
    assert viewer_client.get(reverse("admin:ledger_earning_summary")).status_code == 403
