"""On PostgreSQL, with a generated catalogue big enough for the planner to care, the pages and
lists read the indexes meant for them: no scan of the clips table, no sort of every match."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import F

from catalog.models import Tag, VideoAsset
from common.keyset import RowCompare, capped_count, sort_keys
from devdata.generation import generate_catalog

CLIPS = 20000
GENERATED = ", ".join(
    ["catalog_contentpartner", "catalog_category", "catalog_tag", "catalog_restrictionprofile"]
)


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")
    with django_db_blocker.unblock():
        generate_catalog(assets=CLIPS, seed=7)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        yield
        with connection.cursor() as cursor:  # committed outside the tests' transactions
            cursor.execute(f"TRUNCATE {GENERATED} CASCADE")


pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def visible(territory="GB"):
    return VideoAsset.objects.published().available_in(territory)


def test_newest_clips_come_from_the_listed_index_in_order(catalogue):
    found = plan(visible("CN").newest_first()[:24])
    assert "asset_status_listed" in found
    assert "Seq Scan on catalog_videoasset" not in found
    assert "Sort" not in found  # walked in order, not every match sorted


def test_the_home_pages_picks_read_their_partial_index(catalogue):
    assert "asset_featured_listed" in plan(visible().picked().newest_first()[:4])


@pytest.mark.parametrize(
    ("ordering", "index"),
    [("duration", "asset_status_length"), ("-title", "asset_status_title_id")],
)
def test_a_deep_cursor_page_starts_inside_the_index(catalogue, ordering, index):
    clips = visible().ordered(ordering)
    keys = sort_keys(clips)
    last = clips[2000]  # the last row of page 100 of 20
    values = [getattr(last, name) for name, _ in keys]
    operator = "<" if keys[0][1] else ">"
    found = plan(clips.filter(RowCompare([F(name) for name, _ in keys], operator, values))[:21])
    assert index in found and "Index Cond" in found
    assert "Seq Scan on catalog_videoasset" not in found and "Sort" not in found


def test_a_recorded_date_range_is_one_range_of_its_index_read_in_order(catalogue):
    in_2023 = visible().recorded_between(date(2023, 1, 1), date(2023, 12, 31)).ordered(None)
    found = plan(in_2023[:21])
    assert "asset_status_recorded" in found and "Index Cond" in found
    assert "Seq Scan on catalog_videoasset" not in found and "Sort" not in found


def test_a_search_for_a_word_no_clip_holds_reads_the_text_index_not_every_clip(catalogue):
    found = plan(visible().search("zyzzyvas").ordered(None)[:21])
    assert "asset_search_gin" in found
    assert "asset_status_listed" not in found and "Seq Scan on catalog_videoasset" not in found


def test_only_a_search_with_few_matches_is_sorted_rather_than_walked(catalogue, monkeypatch):
    # At 20,000 clips a common word's few hundred matches are cheaper to sort; with the walk
    # made cheap enough, the same search leaves the ordering's index to the planner.
    assert visible().search("flood").few_matches is True
    monkeypatch.setattr("catalog.models.querysets.PAGE_WALK", 1)
    assert visible().search("flood").few_matches is False
    assert visible().search("zyzzyvas").few_matches is True


def test_counting_a_tags_clips_reads_the_link_index(catalogue):
    tag = Tag.objects.order_by("id")[3]
    assert capped_count(visible().tagged(tag.slug))[0] > 0
    assert "asset_tag_link_lookup" in plan(visible().tagged(tag.slug).values("pk")[:1001])
