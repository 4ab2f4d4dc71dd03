"""The assets list's orderings and the lists a kept count or an index range answers: every
ordering each way by cursor, recorded-date ranges and orderings, searches paged by cursor, and
single partner, tag or category filters counted from the kept counts."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.catalog.test_api import ASSETS, ids
from tests.factories import AssetFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ordering", [None, "title", "-duration"])
def test_cursor_pages_of_a_search_walk_every_match_once(api_client, ordering):
    matches = {
        AssetFactory(title=f"Hailstorm {n}", duration_seconds=30 + n).public_id for n in range(7)
    }
    AssetFactory(title="Sunny harbour")
    seen, url = [], ASSETS
    first = {"search": "hailstorm", "page_size": 3, **({"ordering": ordering} if ordering else {})}
    while url:
        body = api_client.get(url, first if url == ASSETS else {}).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == 7 and set(seen) == matches


def test_recorded_date_filters_are_inclusive(api_client):
    early = AssetFactory(recorded_at=date(2024, 1, 1))
    middle = AssetFactory(recorded_at=date(2025, 6, 1))
    AssetFactory(recorded_at=date(2026, 3, 1))
    assert sorted(ids(api_client.get(ASSETS, {"recorded_before": "2025-06-01"}))) == sorted(
        [early.public_id, middle.public_id]
    )
    assert ids(
        api_client.get(ASSETS, {"recorded_after": "2025-01-01", "recorded_before": "2025-12-31"})
    ) == [middle.public_id]


def test_orderings(api_client):
    now = timezone.now()
    a = AssetFactory(title="Bravo", duration_seconds=50, published_at=now - timedelta(days=2))
    b = AssetFactory(title="alpha", duration_seconds=20, published_at=now - timedelta(days=1))
    c = AssetFactory(title="Charlie", duration_seconds=90, published_at=now)
    expected = {
        None: [c, b, a],
        "newest": [c, b, a],
        "oldest": [a, b, c],
        "duration": [b, a, c],
        "-duration": [c, a, b],
        "relevance": [c, b, a],  # without a search, relevance falls back to newest
    }
    for ordering, assets in expected.items():
        params = {"ordering": ordering} if ordering else {}
        assert ids(api_client.get(ASSETS, params)) == [x.public_id for x in assets], ordering
    # Titles sort without regard to case: "alpha" before "Bravo".
    by_title = [b.public_id, a.public_id, c.public_id]
    assert ids(api_client.get(ASSETS, {"ordering": "title"})) == by_title
    assert ids(api_client.get(ASSETS, {"ordering": "-title"})) == by_title[::-1]


def test_a_recorded_date_range_comes_latest_recorded_first_unless_asked_otherwise(api_client):
    now = timezone.now()
    older = AssetFactory(recorded_at=date(2023, 3, 1), published_at=now)
    later = AssetFactory(recorded_at=date(2023, 9, 1), published_at=now - timedelta(days=9))
    AssetFactory(recorded_at=None, published_at=now - timedelta(days=1))
    AssetFactory(recorded_at=date(2024, 2, 1), published_at=now - timedelta(days=2))
    in_2023 = {"recorded_after": "2023-01-01", "recorded_before": "2023-12-31"}
    assert ids(api_client.get(ASSETS, in_2023)) == [later.public_id, older.public_id]
    newest = ids(api_client.get(ASSETS, {**in_2023, "ordering": "newest"}))
    assert newest == [older.public_id, later.public_id]
    # A clip with no recorded date is never "recorded before" anything.
    before = ids(api_client.get(ASSETS, {"recorded_before": "2023-12-31", "ordering": "recorded"}))
    assert before == [older.public_id, later.public_id]


def test_orderings_by_recorded_date_put_clips_without_one_first_or_last(api_client):
    undated = AssetFactory(recorded_at=None)
    early = AssetFactory(recorded_at=date(2020, 1, 1))
    late = AssetFactory(recorded_at=date(2025, 1, 1))
    assert ids(api_client.get(ASSETS, {"ordering": "recorded"})) == [
        undated.public_id,
        early.public_id,
        late.public_id,
    ]
    assert ids(api_client.get(ASSETS, {"ordering": "-recorded"}))[0] == late.public_id


def test_a_single_partner_tag_or_category_filter_reads_its_kept_count(api_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tag = TagFactory(slug="flood")
    category = CategoryFactory(slug="weather")
    AssetFactory.create_batch(3, tags=[tag], categories=[category])
    AssetFactory(tags=[tag], categories=[category], restrictions="No access United Kingdom")
    AssetFactory(tags=[tag], categories=[category], status="draft")
    AssetFactory(tags=[], categories=[])
    for params in (
        {"tag": "flood"},
        {"category": "weather"},
        {"tag": "flood", "ordering": "title"},
    ):
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get(ASSETS, params).json()
        assert body["count"] == 3 and body["count_is_exact"] is True, params
        counted = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
        assert not any("catalog_videoasset" in sql for sql in counted), counted
    # With a second filter the list is counted as before, and still right.
    body = api_client.get(ASSETS, {"tag": "flood", "duration_min": 1}).json()
    assert body["count"] == 3 and body["count_is_exact"] is True


@pytest.mark.parametrize(
    "ordering",
    ["newest", "oldest", "duration", "-duration", "title", "-title", "recorded", "-recorded"],
)
def test_cursor_pages_walk_every_clip_once_each_way_in_every_ordering(api_client, ordering):
    for n in range(23):
        AssetFactory(
            title=f"{'Bb' if n % 2 else 'aa'} clip",
            duration_seconds=30 + n % 4,
            recorded_at=None if n % 5 == 0 else date(2024, 1, 1) + timedelta(days=n % 3),
        )
    everything = ids(api_client.get(ASSETS, {"ordering": ordering, "page_size": 100}))
    seen, url, pages = [], ASSETS, []
    while url:
        body = api_client.get(url, {"ordering": ordering, "page_size": 5} if url == ASSETS else {})
        body = body.json()
        pages.append([row["id"] for row in body["results"]])
        seen += pages[-1]
        url = body["next"]
    assert seen == everything and len(pages) == 5
    back, url = [], body["previous"]
    while url:
        body = api_client.get(url).json()
        back.insert(0, [row["id"] for row in body["results"]])
        url = body["previous"]
    assert back == pages[:-1]
