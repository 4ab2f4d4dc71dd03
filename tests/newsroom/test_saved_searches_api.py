"""The saved searches API: create, validation, the limit, other buyers, list and delete."""

import pytest

from newsroom.models import SavedSearch
from tests.newsroom.saved_search_helpers import SAVED, client_for, make_buyer, saved_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer_key():
    buyer, key, _ = make_buyer()
    return buyer, key


def test_create_keeps_the_cleaned_query_and_answers_links(buyer_key):
    buyer, key = buyer_key
    body = {
        "name": " Floods in Europe ",
        "query": {"search": "flood", "duration_max": 120, "category": "", "ordering": "title"},
        "notify": ["webhook", "webhook"],
    }

    answer = client_for(key).post(SAVED, body, format="json")

    assert answer.status_code == 201, answer.json()
    data = answer.json()
    saved = SavedSearch.objects.get(public_id=data["id"])
    assert saved.buyer == buyer and saved.created_by is None  # an API key saved it
    assert data["name"] == "Floods in Europe"
    assert data["query"] == {"search": "flood", "duration_max": 120}
    assert saved.query == {"search": "flood", "duration_max": "120"}  # as a query string holds it
    assert data["notify"] == ["webhook"]
    assert answer["Location"] == data["url"]
    assert data["feed"].endswith(f"/api/v1/saved-searches/{saved.public_id}/feed/")


def test_an_api_key_cannot_ask_for_an_e_mail_digest_nobody_would_get(buyer_key):
    _, key = buyer_key
    body = {"name": "Floods", "query": {"search": "flood"}, "notify": ["email"]}

    answer = client_for(key).post(SAVED, body, format="json")

    assert answer.status_code == 400
    assert "API key has nobody to mail" in answer.json()["fields"]["notify"][0]
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"colour": "red"}, "query.colour"),
        ({"duration_min": -1}, "query.duration_min"),
        ({"duration_min": "1.5"}, "query.duration_min"),
        ({"duration_min": "10"}, "query.duration_min"),  # the schema says a number
        ({"duration_min": 1.5}, "query.duration_min"),
        ({"partner": 0}, "query.partner"),
        ({"recorded_after": "2024-13-40"}, "query.recorded_after"),
        ({"ordering": "random"}, "query.ordering"),
        ({"search": ["a", "b"]}, "query.search"),
        ({"search": "x" * 201}, "query.search"),
        ({"cursor": "abc"}, "query.cursor"),
        ("search=flood", "query.query"),
    ],
)
def test_a_query_the_assets_list_would_refuse_is_refused_and_nothing_saved(buyer_key, query, field):
    _, key = buyer_key

    answer = client_for(key).post(SAVED, {"name": "x", "query": query}, format="json")

    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "invalid" and field in body["fields"], body
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"name": "", "query": {}},
        {"name": 0, "query": {}},
        {"name": "x", "query": {}, "notify": ["sms"]},
        {"name": "x", "query": {}, "notify": "email"},
        {"query": {}},
    ],
)
def test_bad_name_or_notify_is_refused(buyer_key, body):
    _, key = buyer_key
    answer = client_for(key).post(SAVED, body, format="json")
    assert answer.status_code == 400 and answer.json()["fields"]
    assert not SavedSearch.objects.exists()


def test_a_buyer_keeps_at_most_the_limit(buyer_key, settings):
    buyer, key = buyer_key
    settings.SAVED_SEARCHES_PER_BUYER = 2
    saved_search(buyer), saved_search(buyer)

    answer = client_for(key).post(SAVED, {"name": "third", "query": {}}, format="json")

    assert answer.status_code == 400
    assert "at most 2 saved searches" in answer.json()["detail"]
    assert SavedSearch.objects.count() == 2


def test_another_buyers_saved_search_is_not_found(buyer_key):
    buyer, _ = buyer_key
    mine = saved_search(buyer)
    _, other_key, _ = make_buyer("Other desk")
    other = client_for(other_key)

    for answer in (
        other.get(f"{SAVED}{mine.public_id}/"),
        other.get(f"{SAVED}{mine.public_id}/feed/"),
        other.get(f"{SAVED}{mine.public_id}/matches/"),
        other.patch(f"{SAVED}{mine.public_id}/", {"name": "mine now"}, format="json"),
        other.delete(f"{SAVED}{mine.public_id}/"),
    ):
        assert answer.status_code == 404
        assert answer.json()["code"] == "not_found"
    assert other.get(SAVED).json()["results"] == []
    assert SavedSearch.objects.get(pk=mine.pk).name == "Floods"


def test_list_patch_and_delete(buyer_key, django_assert_max_num_queries):
    buyer, key = buyer_key
    client = client_for(key)
    for n in range(3):
        saved_search(buyer, name=f"Search {n}")

    with django_assert_max_num_queries(8):
        listed = client.get(SAVED)
    assert [s["name"] for s in listed.json()["results"]] == ["Search 2", "Search 1", "Search 0"]

    target = SavedSearch.objects.get(name="Search 1")
    before = target.swept_until
    changed = client.patch(
        f"{SAVED}{target.public_id}/", {"query": {"tag": "floods"}, "notify": []}, format="json"
    )
    assert changed.status_code == 200, changed.json()
    target.refresh_from_db()
    assert target.query == {"tag": "floods"} and target.notify == []
    assert target.swept_until > before  # a new query matches from now on

    refused = client.patch(f"{SAVED}{target.public_id}/", {"query": {"x": 1}}, format="json")
    assert refused.status_code == 400
    target.refresh_from_db()
    assert target.query == {"tag": "floods"}

    assert client.delete(f"{SAVED}{target.public_id}/").status_code == 204
    assert not SavedSearch.objects.filter(pk=target.pk).exists()


def test_no_key_is_401(buyer_key):
    from rest_framework.test import APIClient

    assert APIClient().get(SAVED).status_code == 401
