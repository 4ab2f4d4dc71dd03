"""Webhooks on the account pages: add (secret once), list with status and the disabled message,
delete, enable again, the delivery log; another buyer's endpoint is a 404."""

import pytest
from django.urls import reverse

from licensing.models import BuyerMember
from newsroom.events import event_publish
from newsroom.models import WebhookEndpoint
from newsroom.webhooks.endpoints import endpoint_disable
from tests.licensing.conftest import make_buyer
from tests.newsroom.webhooks_support import endpoint_for

pytestmark = pytest.mark.django_db
PAGE = "/account/webhooks/"
PUBLIC = "https://93.184.215.14/clipwire"


@pytest.fixture
def member(client):
    buyer, _ = make_buyer("Evening Desk")
    user = BuyerMember.objects.get(buyer=buyer).user
    client.force_login(user)
    return buyer


def test_the_account_links_to_the_webhooks_page(client, member):
    assert reverse("newsroom:webhooks") == PAGE
    page = client.get(reverse("licensing:account")).content.decode()
    assert f'href="{PAGE}"' in page


def test_adding_an_endpoint_shows_its_secret_once(client, member):
    events = ["asset.withdrawn", "license.revoked"]
    answer = client.post(PAGE, {"url": PUBLIC, "events": events, "description": "CMS"})
    assert answer.status_code == 200
    endpoint = WebhookEndpoint.objects.get(buyer=member)
    assert endpoint.events == ["asset.withdrawn", "license.revoked"]
    assert endpoint.created_by.buyer_membership.buyer == member
    html = answer.content.decode()
    assert endpoint.secret in html and "shown only this once" in html
    assert "no-store" in answer["Cache-Control"]
    again = client.get(PAGE).content.decode()
    assert PUBLIC in again and endpoint.secret not in again


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"url": "http://93.184.215.14/", "events": ["order.created"]}, "https://"),
        ({"url": "https://10.0.0.1/", "events": ["order.created"]}, "not public"),
        ({"url": PUBLIC}, "Choose at least one event"),
        ({"url": PUBLIC, "events": ["asset.exploded"]}, "valid choice"),
    ],
)
def test_bad_input_is_a_400_with_the_reason_and_adds_nothing(client, member, post, message):
    answer = client.post(PAGE, post)
    assert answer.status_code == 400 and message in answer.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_a_disabled_endpoint_shows_why_and_can_be_enabled_again(client, member):
    endpoint = endpoint_for(member, PUBLIC)
    endpoint_disable(endpoint=endpoint, reason="Disabled: every delivery failed for a day.")
    html = client.get(PAGE).content.decode()
    assert "Disabled: every delivery failed for a day." in html
    answer = client.post(reverse("newsroom:webhook-enable", args=[endpoint.public_id]))
    assert answer.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.enabled and endpoint.disabled_reason == ""


def test_delete_needs_a_post_and_removes_the_endpoint(client, member):
    endpoint = endpoint_for(member, PUBLIC)
    url = reverse("newsroom:webhook-delete", args=[endpoint.public_id])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not WebhookEndpoint.objects.exists()


def test_another_buyers_endpoint_is_not_found(client, member):
    other = endpoint_for(make_buyer("Rival Desk")[0], PUBLIC)
    for name in ("webhook-delete", "webhook-enable"):
        assert client.post(reverse(f"newsroom:{name}", args=[other.public_id])).status_code == 404
    deliveries = reverse("newsroom:webhook-deliveries", args=[other.public_id])
    assert client.get(deliveries).status_code == 404
    assert WebhookEndpoint.objects.filter(pk=other.pk).exists()


def test_the_delivery_log_shows_status_and_attempts(client, member, django_assert_max_num_queries):
    endpoint = endpoint_for(member, PUBLIC)
    for _ in range(3):
        event_publish(buyer=member, type="asset.withdrawn", data={})
    with django_assert_max_num_queries(10):
        answer = client.get(reverse("newsroom:webhook-deliveries", args=[endpoint.public_id]))
    html = answer.content.decode()
    assert answer.status_code == 200 and html.count("asset.withdrawn") == 3
    assert "Pending" in html


def test_the_page_lists_endpoints_in_a_constant_number_of_queries(
    client, member, django_assert_max_num_queries
):
    for _ in range(5):
        endpoint_for(member, PUBLIC)
    with django_assert_max_num_queries(10):
        answer = client.get(PAGE)
    assert answer.content.decode().count(PUBLIC) >= 5


def test_signed_out_visitors_are_sent_to_sign_in(client):
    answer = client.get(PAGE)
    assert answer.status_code == 302 and "/login" in answer["Location"]
