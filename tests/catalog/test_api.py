"""The catalogue API: a clip's fields, search and filters, partners, categories, tags and stories,
the schema and its docs page, throttling and the 404."""

from datetime import date, timedelta

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
