"""The webhooks API: register (secret once), list, read, delete, enable, delivery log; bad
input is a 400 in the error shape and changes nothing; another buyer's endpoint is a 404."""

import base64

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEntry
from newsroom.events import event_publish
from newsroom.models import WebhookEndpoint
from newsroom.webhooks.endpoints import endpoint_disable
from tests.licensing.conftest import client_for, make_buyer
from tests.newsroom.webhooks_support import endpoint_for

pytestmark = pytest.mark.django_db
WEBHOOKS = "/api/v1/webhooks/"
PUBLIC = "https://93.184.215.14/clipwire"


@pytest.fixture
def desk():
    buyer, key = make_buyer("Metro Desk")
    return buyer, client_for(key)


def register(api, **body):
    return api.post(WEBHOOKS, {"url": PUBLIC, "events": ["asset.withdrawn"], **body}, format="json")


def test_registering_answers_the_secret_once(desk):
    buyer, api = desk
    answer = register(api, description="CMS kill notices")
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["url"] == PUBLIC and body["events"] == ["asset.withdrawn"] and body["enabled"]
    assert body["secret"].startswith("whsec_")
    assert 24 <= len(base64.b64decode(body["secret"].removeprefix("whsec_"))) <= 32
    assert "no-store" in answer["Cache-Control"]
    endpoint = WebhookEndpoint.objects.get(public_id=body["id"])
    assert endpoint.buyer == buyer and endpoint.secret == body["secret"]
    assert AuditEntry.objects.filter(action="webhook.create").exists()
    listed = api.get(WEBHOOKS).json()
    assert [e["id"] for e in listed["results"]] == [body["id"]]
    assert "secret" not in listed["results"][0]
    one = api.get(f"{WEBHOOKS}{body['id']}/").json()
    assert one["description"] == "CMS kill notices" and "secret" not in one


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"url": "http://93.184.215.14/x"}, "url", "https://"),
        ({"url": "https://127.0.0.1/x"}, "url", "not public"),
        ({"url": "https://169.254.169.254/"}, "url", "not public"),
        ({"url": "https://me:secret@93.184.215.14/"}, "url", "user name or password"),
        ({"url": ""}, "url", "blank"),
        ({"url": "https://93.184.215.14/caf\u00e9"}, "url", "plain ASCII"),
        ({"url": "https://93.184.215.14/\u0000"}, "url", "Null characters"),
        ({"url": ["https://93.184.215.14/"]}, "url", "valid string"),
        ({"events": []}, "events", "at least 1"),
        ({"events": ["asset.exploded"]}, "events.0", "not a valid choice"),
        ({"events": "asset.withdrawn"}, "events", "list"),
        ({"description": "x" * 201}, "description", "200"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_changes_nothing(desk, body, field, message):
    _, api = desk
    answer = register(api, **body)
    assert answer.status_code == 400
    error = answer.json()
    assert error["code"] == "invalid" and message in " ".join(error["fields"][field])
    assert not WebhookEndpoint.objects.exists()


def test_a_lone_surrogate_in_the_url_is_a_400_not_a_500(desk, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True  # past the address check, to where it is stored
    _, api = desk
    body = '{"url": "http://127.0.0.1/\\ud800", "events": ["asset.withdrawn"]}'
    answer = api.post(WEBHOOKS, body, content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "invalid"
    assert not WebhookEndpoint.objects.exists()


def test_local_targets_are_accepted_with_allow_private(desk, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    _, api = desk
    assert register(api, url="http://127.0.0.1:9000/hook").status_code == 201


def test_a_buyer_may_have_at_most_the_limit(desk, settings):
    settings.WEBHOOK_MAX_ENDPOINTS = 2
    _, api = desk
    assert register(api).status_code == 201 and register(api).status_code == 201
    answer = register(api)
    assert answer.status_code == 409 and answer.json()["code"] == "limit_reached"
    assert WebhookEndpoint.objects.count() == 2


def test_another_buyers_endpoint_is_not_found(desk):
    _, api = desk
    other = endpoint_for(make_buyer("Rival Desk")[0], PUBLIC)
    for answer in (
        api.get(f"{WEBHOOKS}{other.public_id}/"),
        api.delete(f"{WEBHOOKS}{other.public_id}/"),
        api.post(f"{WEBHOOKS}{other.public_id}/enable/"),
        api.get(f"{WEBHOOKS}{other.public_id}/deliveries/"),
    ):
        assert answer.status_code == 404
    assert api.get(WEBHOOKS).json()["results"] == []
    assert WebhookEndpoint.objects.filter(pk=other.pk).exists()


def test_without_a_key_it_is_a_401():
    assert APIClient().get(WEBHOOKS).status_code == 401
    assert APIClient().post(WEBHOOKS, {}, format="json").status_code == 401


def test_delete_removes_the_endpoint(desk):
    buyer, api = desk
    endpoint = endpoint_for(buyer, PUBLIC)
    assert api.delete(f"{WEBHOOKS}{endpoint.public_id}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_a_disabled_endpoint_shows_why_and_can_be_enabled(desk):
    buyer, api = desk
    endpoint = endpoint_for(buyer, PUBLIC)
    endpoint_disable(endpoint=endpoint, reason="Disabled: every delivery failed.")
    shown = api.get(f"{WEBHOOKS}{endpoint.public_id}/").json()
    assert not shown["enabled"] and shown["disabled_reason"] == "Disabled: every delivery failed."
    answer = api.post(f"{WEBHOOKS}{endpoint.public_id}/enable/")
    assert answer.status_code == 200
    assert answer.json()["enabled"] and answer.json()["disabled_reason"] == ""
    endpoint.refresh_from_db()
    assert endpoint.enabled and endpoint.consecutive_failures == 0


def test_the_delivery_log_lists_deliveries_with_their_attempts(desk, django_assert_max_num_queries):
    buyer, api = desk
    endpoint = endpoint_for(buyer, PUBLIC)
    for _ in range(3):
        event_publish(buyer=buyer, type="asset.withdrawn", data={"n": 1})
    with django_assert_max_num_queries(8):
        answer = api.get(f"{WEBHOOKS}{endpoint.public_id}/deliveries/")
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert len(results) == 3
    assert results[0]["status"] == "pending" and results[0]["type"] == "asset.withdrawn"
    assert results[0]["payload"]["data"] == {"n": 1} and results[0]["log"] == []
    assert results[0]["message_id"].startswith("msg_")


def test_the_list_is_paged_in_a_constant_number_of_queries(desk, django_assert_max_num_queries):
    buyer, api = desk
    for _ in range(5):
        endpoint_for(buyer, PUBLIC)
    with django_assert_max_num_queries(6):
        answer = api.get(WEBHOOKS, {"page_size": 2})
    assert len(answer.json()["results"]) == 2 and answer.json()["next"]
