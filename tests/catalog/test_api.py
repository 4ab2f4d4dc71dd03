from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle

from catalog.models import AssetStatus, VideoAsset
from tests.factories import (
    AssetFactory,
    CategoryFactory,
    PartnerFactory,
    StoryFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

ASSETS = "/api/v1/assets/"


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content[:500]
    return [row["id"] for row in response.json()["results"]]


def test_asset_list_fields(api_client):
    partner = PartnerFactory(name="Asia Pacific Newswire", slug="asia-pacific-newswire")
    asset = AssetFactory(
        title="China: China's innovative drugs gain increasing global recognition",
        duration_seconds=111,
        restrictions="No access Chinese mainland",
        partner=partner,
        categories=[CategoryFactory(name="Health", slug="health")],
        tags=[TagFactory(name="biotech", slug="biotech")],
    )
    row = api_client.get(ASSETS).json()["results"][0]
    assert row["id"] == asset.public_id
    assert row["title"] == asset.title
    assert row["duration"] == "01:51"
    assert row["duration_seconds"] == 111
    assert row["restrictions"] == "No access Chinese mainland"
    assert row["partner"] == {
        "id": partner.pk,
        "name": "Asia Pacific Newswire",
        "slug": "asia-pacific-newswire",
    }
    assert row["categories"] == [{"slug": "health", "name": "Health"}]
    assert row["tags"] == [{"slug": "biotech", "name": "biotech"}]
    assert row["url"] == f"http://testserver/api/v1/assets/{asset.public_id}/"
    assert row["page_url"] == f"http://testserver{asset.get_absolute_url()}"
    assert "description" not in row


def test_asset_detail_adds_text_date_location_and_stories(api_client):
    asset = AssetFactory(
        description="Long text",
        shotlist="1. Wide",
        recorded_at=date(2025, 9, 18),
        location_name="Shanghai, China",
        location_country="CN",
    )
    StoryFactory(title="Stories not Stock", related_assets=[asset])
    StoryFactory(title="Draft story", published_at=None, related_assets=[asset])
    body = api_client.get(f"{ASSETS}{asset.public_id}/").json()
    assert body["id"] == asset.public_id
    assert body["description"] == "Long text"
    assert body["shotlist"] == "1. Wide"
    assert body["recorded_at"] == "2025-09-18"
    assert body["location"] == {"name": "Shanghai, China", "country": "CN", "country_name": "China"}
    assert [s["title"] for s in body["stories"]] == ["Stories not Stock"]


@pytest.mark.parametrize("status", [AssetStatus.DRAFT, AssetStatus.REVIEW, AssetStatus.WITHDRAWN])
def test_unpublished_assets_are_hidden_from_everyone_but_staff(
    api_client, staff_api_client, status
):
    hidden = AssetFactory(status=status)
    shown = AssetFactory()
    assert ids(api_client.get(ASSETS)) == [shown.public_id]
    response = api_client.get(f"{ASSETS}{hidden.public_id}/")
    assert response.status_code == 404
    assert "detail" in response.json()
    assert hidden.public_id in ids(staff_api_client.get(ASSETS))
    assert staff_api_client.get(f"{ASSETS}{hidden.public_id}/").status_code == 200


def test_search_finds_title_description_shotlist_and_tag_words(api_client):
    by_title = AssetFactory(title="Hailstorm batters vineyards")
    by_description = AssetFactory(description="Firefighters tackle a blaze at a warehouse")
    by_shotlist = AssetFactory(shotlist="1. Aerial of glacier calving; 2. Close of ice")
    by_tag = AssetFactory(tags=[TagFactory(name="aurora borealis", slug="aurora-borealis")])
    AssetFactory(title="Unrelated market footage")
    assert ids(api_client.get(ASSETS, {"search": "hailstorm"})) == [by_title.public_id]
    assert ids(api_client.get(ASSETS, {"search": "warehouse"})) == [by_description.public_id]
    assert ids(api_client.get(ASSETS, {"search": "glacier"})) == [by_shotlist.public_id]
    assert ids(api_client.get(ASSETS, {"search": "aurora"})) == [by_tag.public_id]
    assert ids(api_client.get(ASSETS, {"search": "hailstorm vineyards"})) == [by_title.public_id]
    assert ids(api_client.get(ASSETS, {"search": "hailstorm glacier"})) == []


def test_search_does_not_reveal_unpublished_assets(api_client):
    AssetFactory(title="Secret hailstorm", status=AssetStatus.DRAFT)
    assert ids(api_client.get(ASSETS, {"search": "hailstorm"})) == []


def test_search_on_postgres_stems_words_and_ranks_best_match_first_on_request(
    api_client, on_postgres
):
    now = timezone.now()
    weak = AssetFactory(title="Market day", description="A flood of shoppers.", published_at=now)
    strong = AssetFactory(
        title="Floods hit the valley",
        description="Flooding after storms; floods.",
        published_at=now - timedelta(hours=1),
    )
    ranked = ids(api_client.get(ASSETS, {"search": "flooded", "ordering": "relevance"}))
    assert ranked == [strong.public_id, weak.public_id]
    # By default a search, like every list, comes newest first.
    assert ids(api_client.get(ASSETS, {"search": "flooded"})) == [weak.public_id, strong.public_id]


def test_search_on_postgres_uses_the_gin_index(on_postgres):

    AssetFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = VideoAsset.objects.search("flood").values("id").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "asset_search_gin" in plan, plan


def test_category_filter_includes_sub_categories(api_client):
    weather = CategoryFactory(slug="weather")
    storms = CategoryFactory(slug="storms", parent=weather)
    in_parent = AssetFactory(categories=[weather])
    in_child = AssetFactory(categories=[storms])
    in_both = AssetFactory(categories=[weather, storms])
    AssetFactory(categories=[CategoryFactory(slug="sport")])
    found = ids(api_client.get(ASSETS, {"category": "weather"}))
    assert sorted(found) == sorted([in_parent.public_id, in_child.public_id, in_both.public_id])
    assert sorted(ids(api_client.get(ASSETS, {"category": "storms"}))) == sorted(
        [in_child.public_id, in_both.public_id]
    )
    assert ids(api_client.get(ASSETS, {"category": "nothing-here"})) == []


def test_tag_and_partner_filters_take_slugs(api_client):
    tag = TagFactory(slug="wildfire")
    partner = PartnerFactory(slug="fjordlight-films")
    tagged = AssetFactory(tags=[tag])
    theirs = AssetFactory(partner=partner)
    AssetFactory()
    assert ids(api_client.get(ASSETS, {"tag": "wildfire"})) == [tagged.public_id]
    assert ids(api_client.get(ASSETS, {"partner": "fjordlight-films"})) == [theirs.public_id]


def test_duration_filters_are_inclusive_seconds(api_client):
    short = AssetFactory(duration_seconds=30)
    middle = AssetFactory(duration_seconds=111)
    long = AssetFactory(duration_seconds=3735)
    assert sorted(ids(api_client.get(ASSETS, {"duration_min": 111}))) == sorted(
        [middle.public_id, long.public_id]
    )
    assert sorted(ids(api_client.get(ASSETS, {"duration_max": 111}))) == sorted(
        [short.public_id, middle.public_id]
    )
    assert ids(api_client.get(ASSETS, {"duration_min": 31, "duration_max": 3600})) == [
        middle.public_id
    ]


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"duration_min": "long"}, "duration_min"),
        ({"recorded_after": "yesterday"}, "recorded_after"),
        ({"ordering": "popularity"}, "ordering"),
        ({"duration_min": "-5"}, "duration_min"),
        ({"duration_max": "-359"}, "duration_max"),
        ({"duration_max": "1.5"}, "duration_max"),
        ({"recorded_before": ""}, "recorded_before"),
        ({"ordering": ""}, "ordering"),
        ({"duration_min": ["10", "20"]}, "duration_min"),
    ],
)
def test_bad_filter_values_get_a_400_naming_the_parameter(api_client, params, problem):
    response = api_client.get(ASSETS, params)
    assert response.status_code == 400
    body = response.json()
    assert problem in body["fields"] and body["code"] == "invalid"
    assert body["detail"].startswith(f"{problem}: ")


@pytest.mark.parametrize("value", ["maybe", "", "null", "1", "TRUE"])
def test_a_yes_no_filter_takes_only_true_or_false(api_client, value):
    response = api_client.get("/api/v1/partners/", {"verified": value})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["verified"]


def test_an_empty_text_filter_is_no_filter(api_client):
    AssetFactory()
    assert api_client.get(ASSETS, {"search": "", "partner": ""}).json()["count"] == 1


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


def test_partner_endpoints_count_only_published_assets(api_client):
    partner = PartnerFactory(slug="savanna-wire", name="Savanna Wire", kind="agency", country="KE")
    AssetFactory.create_batch(2, partner=partner)
    AssetFactory(partner=partner, status=AssetStatus.DRAFT)
    body = api_client.get("/api/v1/partners/savanna-wire/").json()
    assert body["asset_count"] == 2
    assert body["country"] == "KE"
    assert body["kind"] == "agency"
    assert ids_of(api_client.get("/api/v1/partners/", {"kind": "agency"}), "slug") == [
        "savanna-wire"
    ]
    assert "revenue_share" not in body  # commercial terms are not public


def ids_of(response, key):
    return [row[key] for row in response.json()["results"]]


def test_category_and_tag_endpoints(api_client):
    parent = CategoryFactory(slug="science", name="Science")
    space = CategoryFactory(slug="space", name="Space", parent=parent)
    AssetFactory(tags=[TagFactory(slug="rocket-launch", name="rocket launch")], categories=[space])
    space = api_client.get("/api/v1/categories/space/").json()
    assert space["parent"] == "science"
    assert ids_of(api_client.get("/api/v1/tags/", {"search": "rocket"}), "slug") == [
        "rocket-launch"
    ]
    assert api_client.get("/api/v1/tags/rocket-launch/").json()["name"] == "rocket launch"


def test_story_endpoints_hide_drafts_and_unpublished_related_clips(api_client):
    shown = AssetFactory(title="Tornado")
    hidden = AssetFactory(title="Draft clip", status=AssetStatus.DRAFT)
    StoryFactory(slug="ugc", body="<b>x</b> **y**", related_assets=[shown, hidden])
    StoryFactory(slug="draft", published_at=None)
    StoryFactory(slug="future", published_at=timezone.now() + timedelta(days=1))
    assert ids_of(api_client.get("/api/v1/stories/"), "slug") == ["ugc"]
    assert api_client.get("/api/v1/stories/draft/").status_code == 404
    body = api_client.get("/api/v1/stories/ugc/").json()
    assert [a["id"] for a in body["related_assets"]] == [shown.public_id]
    assert "<strong>y</strong>" in body["body_html"] and "<b>" not in body["body_html"]


def test_openapi_schema_documents_every_endpoint_and_filter(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    for path in (
        "/api/v1/assets/",
        "/api/v1/assets/{public_id}/",
        "/api/v1/partners/",
        "/api/v1/categories/",
        "/api/v1/tags/",
        "/api/v1/stories/",
    ):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/v1/assets/"]["get"]["parameters"]}
    assert {
        "search",
        "category",
        "tag",
        "partner",
        "duration_min",
        "duration_max",
        "recorded_after",
        "recorded_before",
        "ordering",
        "page",
        "page_size",
    } <= params


def test_swagger_ui_is_served_without_the_network(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


def test_throttles_ignore_a_client_supplied_forwarded_for():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert AnonRateThrottle().get_ident(Request(request)) == "203.0.113.9"


def test_api_404_is_json_with_a_sentence(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "no API resource" in response.json()["detail"]


def test_sqlite_fallback_search_folds_non_ascii_case(client):
    asset = AssetFactory(title="Aurora over TROMSØ")
    found = client.get("/api/v1/assets/", {"search": "tromsø"}).json()["results"]
    assert [row["id"] for row in found] == [asset.public_id]


def test_tags_used_only_by_unreleased_clips_stay_hidden(api_client, staff_api_client):
    AssetFactory(status=AssetStatus.DRAFT, tags=[TagFactory(slug="secret-merger")])
    AssetFactory(tags=[TagFactory(slug="weather")])
    public = [row["slug"] for row in api_client.get("/api/v1/tags/").json()["results"]]
    assert public == ["weather"]
    assert api_client.get("/api/v1/tags/secret-merger/").status_code == 404
    assert staff_api_client.get("/api/v1/tags/secret-merger/").status_code == 200


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
