"""The catalogue API's paging: page numbers and sizes, cursors (made-up ones too), counts past the
cap, and the queries a page costs, the same at 10 rows as at 100."""

from datetime import UTC, datetime

import pytest

from tests.factories import AssetFactory, CategoryFactory, PartnerFactory, StoryFactory, TagFactory

pytestmark = pytest.mark.django_db

ASSETS = "/api/v1/assets/"


def test_pagination_defaults_to_20_and_caps_page_size_at_100(api_client):
    AssetFactory.create_batch(105, categories=[], tags=[])
    first = api_client.get(ASSETS).json()
    assert first["count"] == 105
    assert len(first["results"]) == 20
    assert "cursor=" in first["next"] and first["previous"] is None
    assert first["count_is_exact"] is True
    second = api_client.get(first["next"]).json()
    assert second["results"] == api_client.get(ASSETS, {"page": 2}).json()["results"]
    assert len(api_client.get(ASSETS, {"page_size": 100}).json()["results"]) == 100
    last = api_client.get(ASSETS, {"page_size": 100, "page": 2}).json()
    assert len(last["results"]) == 5 and last["next"] is None
    assert api_client.get(ASSETS, {"page": 9}).status_code == 404


def test_a_cursor_that_names_no_page_is_a_404_with_the_reason(api_client):
    AssetFactory()
    for params in (
        {"cursor": "not-a-cursor"},
        {"cursor": "eyJ2IjpbMV0sImIiOmZhbHNlfQ"},
        {"cursor": ""},
    ):
        response = api_client.get(ASSETS, params)
        assert response.status_code == 404
        assert response.json()["detail"].startswith("There is no such page. This cursor")


def test_a_deep_page_number_is_a_clear_400(api_client):
    response = api_client.get(ASSETS, {"page": 51})
    assert response.status_code == 400 and "next" in response.json()["fields"]["page"][0]


@pytest.mark.parametrize(
    "params",
    [
        {"page_size": "null"},
        {"page_size": "false"},
        {"page_size": "0"},
        {"page_size": "101"},
        {"page_size": "500"},
        {"page_size": "2.5"},
        {"page_size": ""},
        {"page": "0"},
        {"page": "-1"},
        {"page": "two"},
        {"page": "7.87e-286"},
        {"page": "²"},
    ],
)
def test_page_and_page_size_out_of_their_documented_range_are_a_400(api_client, params):
    response = api_client.get(ASSETS, params)
    assert response.status_code == 400
    (name,) = params
    assert list(response.json()["fields"]) == [name]


def test_a_page_past_the_last_is_a_404(api_client):
    AssetFactory()
    response = api_client.get(ASSETS, {"page": 2})
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no such page.", "code": "not_found"}


def test_a_count_past_the_cap_says_it_is_not_exact(api_client, monkeypatch):
    monkeypatch.setattr("common.keyset.COUNT_CAP", 3)
    AssetFactory.create_batch(5)
    body = api_client.get(ASSETS).json()
    assert body["count_is_exact"] is False and body["count"] >= 4
    AssetFactory.create_batch(1, status="draft")
    assert api_client.get(ASSETS, {"page_size": 3}).json()["count"] >= 4


def make_listing_rows(count: int):
    """`count` rows of every kind, each asset with several categories and tags."""
    parents = CategoryFactory.create_batch(3)
    categories = [CategoryFactory(parent=parents[i % 3]) for i in range(count)]
    tags = TagFactory.create_batch(count)
    for i in range(count):
        asset = AssetFactory(
            partner=PartnerFactory(), categories=categories[i : i + 3], tags=tags[i : i + 4]
        )
        StoryFactory(related_assets=[asset])


LIST_ENDPOINTS = {
    "/api/v1/assets/": 5,  # count, page (with partner), categories, tags, renditions
    "/api/v1/partners/": 2,  # count, page (with published asset counts)
    "/api/v1/categories/": 2,  # count, page (with parents)
    "/api/v1/tags/": 2,
    "/api/v1/stories/": 2,
}


@pytest.mark.parametrize(("url", "budget"), list(LIST_ENDPOINTS.items()))
def test_list_endpoints_run_the_same_queries_at_page_size_10_and_100(
    api_client, django_assert_max_num_queries, url, budget
):
    make_listing_rows(110)
    with django_assert_max_num_queries(budget):
        small = api_client.get(url, {"page_size": 10})
    with django_assert_max_num_queries(budget):
        large = api_client.get(url, {"page_size": 100})
    assert small.status_code == large.status_code == 200
    assert len(small.json()["results"]) == 10
    assert len(large.json()["results"]) == 100


@pytest.mark.parametrize(
    ("params", "budget"),
    [
        # PostgreSQL also asks its planner how many match (and, every five minutes, the size).
        ({"search": "clip"}, 7),
        ({"category": "category-0"}, 5),
        ({"tag": "tag-0"}, 5),
        ({"partner": "partner-0", "duration_min": 10, "ordering": "title"}, 5),
    ],
)
def test_filtered_asset_lists_keep_the_same_query_budget(
    api_client, django_assert_max_num_queries, params, budget
):
    make_listing_rows(30)
    with django_assert_max_num_queries(budget):
        assert api_client.get(ASSETS, {**params, "page_size": 100}).status_code == 200


def test_asset_detail_runs_a_fixed_number_of_queries(api_client, django_assert_num_queries):
    asset = AssetFactory(
        categories=CategoryFactory.create_batch(3), tags=TagFactory.create_batch(5)
    )
    StoryFactory.create_batch(3, related_assets=[asset])
    with django_assert_num_queries(5):  # asset with partner, categories, tags, renditions, stories
        assert api_client.get(f"{ASSETS}{asset.public_id}/").status_code == 200


@pytest.mark.parametrize(
    ("ordering", "values"),
    [
        ("newest", ["yesterday", 5]),  # a word where a date belongs
        ("newest", [datetime(2026, 1, 1), 5]),  # a date with no zone
        ("title", ["a\x00b", 5]),  # a NUL byte
        ("duration", [True, 5]),
        ("duration", [60, "5"]),
        ("-recorded", [datetime(2026, 1, 1, tzinfo=UTC), 5]),  # a moment where a day belongs
        ("recorded", ["2026-01-01", 5]),
    ],
)
def test_a_made_up_cursor_is_a_404_not_a_database_error(api_client, ordering, values):
    from common.keyset import encode

    AssetFactory()
    cursor = encode(values, backwards=False)
    response = api_client.get(ASSETS, {"ordering": ordering, "cursor": cursor})
    assert response.status_code == 404 and "cursor" in response.json()["detail"]
