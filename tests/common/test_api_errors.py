"""Every API error has one shape: {"detail": a sentence, "code": …} plus `fields` for bad
input (common.api_errors), whatever raised it."""

import pytest

from common.api_errors import flatten_errors
from tests.factories import AssetFactory, PartnerFactory

ASSETS = "/api/v1/assets/"


def assert_error_shape(body, code):
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"].endswith((".", ")"))
    assert set(body) <= {"detail", "code", "fields", "items"}


def test_bad_input_names_each_field_by_its_path():
    errors = {"items": [{}, {"asset": ["Too long."], "license": ["Required."]}]}
    assert flatten_errors(errors) == {
        "items.1.asset": ["Too long."],
        "items.1.license": ["Required."],
    }
    assert flatten_errors({"items": {"non_field_errors": ["Empty."]}}) == {"items": ["Empty."]}
    assert flatten_errors(["Top."]) == {"non_field_errors": ["Top."]}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"verified": "maybe"}, "verified"),
        ({"verified": ""}, "verified"),
        ({"page_size": "null"}, "page_size"),
        ({"kind": "spy"}, "kind"),
    ],
)
def test_a_bad_partner_filter_is_a_400_in_the_error_shape(api_client, db, params, field):
    PartnerFactory(verified=True)
    response = api_client.get("/api/v1/partners/", params)
    assert response.status_code == 400
    body = response.json()
    assert_error_shape(body, "invalid")
    assert list(body["fields"]) == [field]


def test_an_empty_date_filter_is_a_400_not_ignored(api_client, db):
    AssetFactory()
    response = api_client.get(ASSETS, {"recorded_before": ""})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["recorded_before"]


@pytest.mark.parametrize("params", [{"use": ""}, {"territory": ""}, {"use": ["editorial"] * 2}])
def test_an_empty_or_repeated_availability_parameter_is_a_400(api_client, db, params):
    asset = AssetFactory()
    response = api_client.get(f"{ASSETS}{asset.public_id}/availability/", params)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == list(params)


def test_a_stories_cursor_names_no_page(api_client, db):
    response = api_client.get("/api/v1/stories/", {"cursor": "abc"})
    assert response.status_code == 404
    assert_error_shape(response.json(), "not_found")


def test_not_found_and_unauthenticated_use_the_shape(api_client, db):
    assert_error_shape(api_client.get(f"{ASSETS}aaaaaaaaaaaa/").json(), "not_found")
    assert_error_shape(api_client.get("/api/v1/nowhere/").json(), "not_found")
    response = api_client.get("/api/v1/orders/")
    assert response.status_code == 401
    assert_error_shape(response.json(), "not_authenticated")
