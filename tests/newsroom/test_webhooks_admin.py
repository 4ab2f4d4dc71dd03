# ruff: noqa: F811 - the fixtures imported from webhooks_support are the parameters
"""Webhooks in admin: read-only endpoints and deliveries with their attempts inline, and the
"retry now" and "enable" actions."""

import pytest
from django.urls import reverse

from newsroom.events import event_publish
from newsroom.models import DeliveryStatus, WebhookDelivery
from newsroom.webhooks.endpoints import endpoint_disable
from tests.licensing.conftest import make_buyer
from tests.newsroom.webhooks_support import allow_private, endpoint_for, receiver  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private")]


def test_a_delivery_shows_its_attempts_and_retry_now_sends_it_again(
    staff_client, receiver, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    buyer = make_buyer("Admin Desk")[0]
    endpoint = endpoint_for(buyer, receiver.url)
    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        event_publish(buyer=buyer, type="asset.withdrawn", data={})
    delivery = WebhookDelivery.objects.get()
    page = staff_client.get(reverse("admin:newsroom_webhookdelivery_change", args=[delivery.pk]))
    assert page.status_code == 200 and "HTTP 500" in page.content.decode()
    assert endpoint.secret not in page.content.decode()
    with django_assert_max_num_queries(12):
        assert (
            staff_client.get(reverse("admin:newsroom_webhookdelivery_changelist")).status_code
            == 200
        )
    receiver.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        answer = staff_client.post(
            reverse("admin:newsroom_webhookdelivery_changelist"),
            {"action": "retry_now", "_selected_action": [delivery.pk]},
        )
    assert answer.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2
    assert len(receiver.requests) == 2


def test_staff_can_enable_a_disabled_endpoint(staff_client):
    endpoint = endpoint_for(make_buyer("Admin Desk")[0], "https://93.184.215.14/")
    endpoint_disable(endpoint=endpoint, reason="Disabled: failing.")
    page = staff_client.get(reverse("admin:newsroom_webhookendpoint_change", args=[endpoint.pk]))
    assert "Disabled: failing." in page.content.decode()
    assert endpoint.secret not in page.content.decode()
    staff_client.post(
        reverse("admin:newsroom_webhookendpoint_changelist"),
        {"action": "enable", "_selected_action": [endpoint.pk]},
    )
    endpoint.refresh_from_db()
    assert endpoint.enabled
