"""Bodies the API cannot or will not read: each answers JSON with a sentence and the right
status (400 or 413), never a 500 or an HTML page, and changes nothing."""

import json

import pytest
from django.test import Client

from licensing.models import Order
from tests.licensing.conftest import ORDERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer_http(buyer_and_key):
    """A plain Django client with the buyer's key: bodies are sent as raw bytes."""
    _, raw = buyer_and_key
    return Client(HTTP_AUTHORIZATION=f"Api-Key {raw}", HTTP_IDEMPOTENCY_KEY="body-1")


def post_raw(client, body: bytes | str, content_type="application/json"):
    return client.post(ORDERS, data=body, content_type=content_type)


def assert_json_sentence(response, status):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.endswith((".", ")")), detail
    assert not Order.objects.exists()
    return detail


def test_json_nested_a_thousand_levels_deep_is_a_400(buyer_http):
    body = '{"items":' + "[" * 1000 + "1" + "]" * 1000 + "}"
    detail = assert_json_sentence(post_raw(buyer_http, body), 400)
    assert "levels deep" in detail


def test_json_nested_deeper_than_python_can_recurse_is_a_400(buyer_http):
    body = "[" * 100_000 + "]" * 100_000
    assert "levels deep" in assert_json_sentence(post_raw(buyer_http, body), 400)


def test_json_just_past_the_depth_limit_is_refused_and_within_it_is_read(buyer_http):
    from common.parsers import MAX_JSON_DEPTH

    def nested(depth):  # an object holding lists: depth counts the object too
        return '{"items":' + "[" * (depth - 1) + "]" * (depth - 1) + "}"

    assert "levels deep" in assert_json_sentence(
        post_raw(buyer_http, nested(MAX_JSON_DEPTH + 1)), 400
    )
    # Within the limit the body is read, and the serializer says what is wrong with it.
    response = post_raw(buyer_http, nested(MAX_JSON_DEPTH))
    assert response.status_code == 400
    assert "items.0" in response.json()["fields"]


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b'{"items": [}',
        b"\xff\xfe not utf-8",
        b'{"items": NaN}',
        b'{"items": Infinity}',
    ],
)
def test_malformed_json_is_a_400_with_a_sentence(buyer_http, body):
    assert_json_sentence(post_raw(buyer_http, body), 400)


def test_a_json_body_over_the_upload_limit_is_a_413_in_json(buyer_http, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"items": [{"asset": "x" * 2000, "license": "editorial"}]})
    detail = assert_json_sentence(post_raw(buyer_http, body), 413)
    assert "1,000 bytes" in detail


@pytest.mark.parametrize(
    "body",
    ["items=" + "x" * 2000, "&".join(f"f{n}=1" for n in range(50))],
    ids=["over the size limit", "too many fields"],
)
def test_a_form_body_is_a_415_in_json_whatever_its_size(buyer_http, settings, body):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = post_raw(buyer_http, body, content_type="application/x-www-form-urlencoded")
    assert "application/x-www-form-urlencoded" in assert_json_sentence(response, 415)


def test_an_unhandled_error_under_the_api_is_json_not_html(buyer_http, monkeypatch):
    import licensing.api.views

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(licensing.api.views, "purchase", broken)
    buyer_http.raise_request_exception = False
    body = json.dumps({"items": [{"asset": "abcdefghijkm", "license": "editorial"}]})
    response = post_raw(buyer_http, body)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "nothing was changed" in response.json()["detail"]


def test_a_request_django_refuses_under_the_api_is_json(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"f{n}=1" for n in range(50))
    response = client.get(f"/api/v1/assets/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
