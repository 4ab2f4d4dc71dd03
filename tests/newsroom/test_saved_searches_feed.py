"""A saved search's feed is the ninjs feed kept to its query: the same items, order, cursor,
settle window and kill notices, polled through `next`."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import AssetStatus, VideoAsset
from catalog.services import asset_change_status
from tests.factories import AssetFactory
from tests.newsroom.ninjs_schema import ninjs_errors
from tests.newsroom.saved_search_helpers import SAVED, client_for, make_buyer, saved_search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_settling(settings):
    settings.FEED_SETTLE_SECONDS = 0


def age(asset, minutes_ago):
    when = timezone.now() - timedelta(minutes=minutes_ago)
    VideoAsset.objects.filter(pk=asset.pk).update(updated_at=when)


def titles(answer):
    assert answer.status_code == 200, answer.json()
    return [item["headlines"][0]["value"] for item in answer.json()["items"]]


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
        first = client.get(url, {"limit": 2}, HTTP_CF_IPCOUNTRY="GB")
    assert titles(first) == ["Flood A", "Flood B"]
    assert all(ninjs_errors(item) == [] for item in first.json()["items"])

    second = client.get(first.json()["next"])
    assert titles(second) == ["Flood C"]

    # Nothing new: the same place comes back to poll again; a change then appears once.
    polled = client.get(second.json()["next"])
    assert titles(polled) == [] and polled.json()["next"] == second.json()["next"]
    changed = VideoAsset.objects.get(title="Flood A")
    changed.title = "Flood A, corrected"
    changed.save()
    assert titles(client.get(second.json()["next"])) == ["Flood A, corrected"]


def test_a_withdrawn_match_comes_as_a_kill_notice(django_capture_on_commit_callbacks):
    buyer, key, _ = make_buyer(country="GB")
    saved = saved_search(buyer, {"search": "flood"})
    clip = AssetFactory(title="Flood in Valencia")
    client = client_for(key)
    seen = client.get(f"{SAVED}{saved.public_id}/feed/")
    assert titles(seen) == ["Flood in Valencia"]

    asset_change_status(asset=clip, status=AssetStatus.WITHDRAWN)

    [item] = client.get(seen.json()["next"]).json()["items"]
    assert item["pubstatus"] == "canceled" and ninjs_errors(item) == []


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"cursor": "not-a-cursor"}, 404, "not_found"),  # as the lists answer a made-up cursor
        ({"cursor": "\u00fc\u00a6"}, 404, "not_found"),
        ({"limit": "0"}, 400, "invalid"),
        ({"limit": "101"}, 400, "invalid"),
        ({"limit": "x"}, 400, "invalid"),
        ({"search": "flood"}, 400, "invalid"),  # the query is the saved search's own
    ],
)
def test_bad_paging_is_refused(params, status, code):
    buyer, key, _ = make_buyer()
    saved = saved_search(buyer)

    answer = client_for(key).get(f"{SAVED}{saved.public_id}/feed/", params)

    assert answer.status_code == status
    assert answer.json()["code"] == code


def test_an_empty_feed_still_gives_the_place_to_poll():
    buyer, key, _ = make_buyer()
    saved = saved_search(buyer)
    answer = client_for(key).get(f"{SAVED}{saved.public_id}/feed/")
    body = answer.json()
    assert body["items"] == []
    assert body["next"] == f"http://testserver{SAVED}{saved.public_id}/feed/"


def test_another_buyers_saved_search_has_no_feed():
    mine, _, _ = make_buyer("Mine")
    _, other_key, _ = make_buyer("Other")
    saved = saved_search(mine)
    assert client_for(other_key).get(f"{SAVED}{saved.public_id}/feed/").status_code == 404


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
