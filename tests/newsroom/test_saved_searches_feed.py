"""A saved search's ninjs feed: its query's visible clips in (updated_at, id) order, paged by
a cursor that a poller follows to get each new or changed clip once. The ninjs items are the
ninjs part's (newsroom.ninjs); here only which clips, in which order, are checked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import AssetStatus, VideoAsset
from newsroom.saved_searches import feed
from tests.factories import AssetFactory
from tests.newsroom.saved_search_helpers import SAVED, client_for, make_buyer, saved_search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def items_name_their_clip(monkeypatch):
    """Each item stands for its clip by title: what ninjs puts in it is tested elsewhere."""
    monkeypatch.setattr(feed, "ninjs_item", lambda asset, request: {"uri": asset.title})
    monkeypatch.setattr(
        "newsroom.api.saved_searches.ninjs_item", lambda asset, request: {"uri": asset.title}
    )


def age(asset, minutes_ago):
    when = timezone.now() - timedelta(minutes=minutes_ago)
    VideoAsset.objects.filter(pk=asset.pk).update(updated_at=when)


def titles(answer):
    return [item["uri"] for item in answer.json()["items"]]


def test_the_feed_holds_visible_matches_oldest_change_first_and_pages_by_cursor(
    django_assert_max_num_queries,
):
    buyer, key, _ = make_buyer(country="GB")
    saved = saved_search(buyer, {"search": "flood"})
    for minutes, title in [(30, "Flood A"), (10, "Flood C"), (20, "Flood B")]:
        age(AssetFactory(title=title), minutes)
    AssetFactory(title="Flood hidden in GB", restrictions="No access UK")
    AssetFactory(title="Flood draft", status=AssetStatus.DRAFT)
    AssetFactory(title="Market day")
    client = client_for(key)
    url = f"{SAVED}{saved.public_id}/feed/"

    with django_assert_max_num_queries(12):
        first = client.get(url, {"page_size": 2})
    assert first.status_code == 200, first.json()
    assert titles(first) == ["Flood A", "Flood B"]

    second = client.get(first.json()["next"])
    assert titles(second) == ["Flood C"]

    # Nothing new: the same cursor comes back to poll again; a change then appears once.
    polled = client.get(second.json()["next"])
    assert titles(polled) == [] and polled.json()["next"] == second.json()["next"]
    changed = VideoAsset.objects.get(title="Flood A")
    changed.title = "Flood A, corrected"
    changed.save()
    assert titles(client.get(second.json()["next"])) == ["Flood A, corrected"]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"cursor": "not-a-cursor"}, 404, "not_found"),  # as the lists answer a made-up cursor
        ({"cursor": "\u00fc\u00a6"}, 404, "not_found"),
        ({"page_size": "0"}, 400, "invalid"),
        ({"page_size": "101"}, 400, "invalid"),
        ({"page_size": "x"}, 400, "invalid"),
    ],
)
def test_bad_paging_is_refused(params, status, code):
    buyer, key, _ = make_buyer()
    saved = saved_search(buyer)

    answer = client_for(key).get(f"{SAVED}{saved.public_id}/feed/", params)

    assert answer.status_code == status
    assert answer.json()["code"] == code


def test_an_empty_feed_has_no_next():
    buyer, key, _ = make_buyer()
    saved = saved_search(buyer)
    answer = client_for(key).get(f"{SAVED}{saved.public_id}/feed/")
    assert answer.json() == {"items": [], "next": None}


def test_the_matches_list_shows_what_was_announced():
    from newsroom.saved_searches.matching import match_record

    buyer, key, _ = make_buyer()
    saved = saved_search(buyer, notify=[])
    clip = AssetFactory(title="Flood in Valencia")
    match_record(saved, clip)

    answer = client_for(key).get(f"{SAVED}{saved.public_id}/matches/")

    assert answer.status_code == 200
    [row] = answer.json()["results"]
    assert row["asset"] == clip.public_id and row["title"] == "Flood in Valencia"
    assert row["emailed_at"] is None


def test_items_are_the_ninjs_parts_when_it_is_there(monkeypatch, rf):
    import sys
    import types

    clip = AssetFactory(title="Flood in Valencia")
    request = rf.get("/")
    ninjs = types.ModuleType("newsroom.ninjs")
    ninjs.asset_ninjs = lambda asset, request: {"uri": f"urn:clip:{asset.public_id}"}
    monkeypatch.undo()  # the real ninjs_item, not the stand-in of this file's fixture
    monkeypatch.setitem(sys.modules, "newsroom.ninjs", ninjs)

    assert feed.ninjs_item(clip, request) == {"uri": f"urn:clip:{clip.public_id}"}

    monkeypatch.setitem(sys.modules, "newsroom.ninjs", None)  # not in this build: a stand-in
    item = feed.ninjs_item(clip, request)
    assert item["type"] == "video" and item["headlines"] == [{"value": "Flood in Valencia"}]
