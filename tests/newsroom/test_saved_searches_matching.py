# ruff: noqa: F811 - the fixtures imported from webhooks_support are the parameters
"""Matching: a clip that becomes visible in the buyer's territory and matches is recorded once,
whichever path finds it (the task on publish or on a restriction change, the periodic sweep)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks import Webhook

from catalog.models import AssetStatus
from catalog.services import asset_change_status, asset_save
from newsroom.models import DeliveryStatus, SavedSearchMatch, WebhookDelivery
from newsroom.saved_searches.matching import match_asset, saved_searches_sweep
from tests.factories import AssetFactory
from tests.newsroom.saved_search_helpers import make_buyer, saved_search
from tests.newsroom.webhooks_support import allow_private, endpoint_for, receiver  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(monkeypatch):
    """Every event_publish call (the webhooks part delivers them; here they are recorded)."""
    calls = []

    def record(*, buyer, type, data):
        calls.append({"buyer": buyer, "type": type, "data": data})
        return 1

    monkeypatch.setattr("newsroom.events.event_publish", record)
    return calls


def publish(asset, capture):
    with capture(execute=True):
        asset_change_status(asset=asset, status=AssetStatus.PUBLISHED)


def matched(saved):
    return list(SavedSearchMatch.objects.filter(saved_search=saved).values_list("asset", flat=True))


def test_publishing_a_matching_clip_records_it_and_publishes_one_event(
    events, django_capture_on_commit_callbacks
):
    buyer, _, user = make_buyer()
    saved = saved_search(buyer, {"search": "flood"}, user=user)
    clip = AssetFactory(title="Flood in Valencia", status=AssetStatus.REVIEW)
    other = AssetFactory(title="Street market", status=AssetStatus.REVIEW)

    publish(clip, django_capture_on_commit_callbacks)
    publish(other, django_capture_on_commit_callbacks)

    assert matched(saved) == [clip.pk]
    assert len(events) == 1
    event = events[0]
    assert event["buyer"] == buyer and event["type"] == "saved_search.matched"
    assert event["data"]["saved_search"] == {"id": saved.public_id, "name": "Floods"}
    assert event["data"]["asset"]["id"] == clip.public_id
    assert event["data"]["asset"]["ninjs"].endswith(f"/api/v1/assets/{clip.public_id}/ninjs/")
    assert SavedSearchMatch.objects.get().webhook_sent_at is not None


def test_repeated_runs_never_record_or_announce_a_clip_twice(
    events, django_capture_on_commit_callbacks
):
    buyer, _, _ = make_buyer()
    saved = saved_search(buyer, {"search": "flood"})
    clip = AssetFactory(title="Flood in Valencia", status=AssetStatus.REVIEW)
    publish(clip, django_capture_on_commit_callbacks)

    for _ in range(3):
        assert match_asset(asset_id=clip.pk) == 0
        assert saved_searches_sweep(timezone.now() + timedelta(seconds=1)) == 0

    assert matched(saved) == [clip.pk] and len(events) == 1


def test_without_webhook_notify_no_event_is_published(events, django_capture_on_commit_callbacks):
    buyer, _, _ = make_buyer()
    saved = saved_search(buyer, {"search": "flood"}, notify=["email"])
    clip = AssetFactory(title="Flood in Valencia", status=AssetStatus.REVIEW)

    publish(clip, django_capture_on_commit_callbacks)

    assert matched(saved) == [clip.pk] and events == []


def test_a_match_reaches_the_buyers_endpoint_signed_once_end_to_end(
    receiver, allow_private, django_capture_on_commit_callbacks
):
    """No recorder: the real event_publish, delivery task and a local receiver."""
    buyer, _, _ = make_buyer()
    endpoint = endpoint_for(buyer, receiver.url, events=["saved_search.matched"])
    saved = saved_search(buyer, {"search": "flood"}, notify=["webhook"])
    clip = AssetFactory(title="Flood in Valencia", status=AssetStatus.REVIEW)

    publish(clip, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        match_asset(asset_id=clip.pk)  # a second path finds it again: nothing more is sent

    [got] = receiver.requests
    payload = Webhook(endpoint.secret).verify(got.body, got.headers)
    assert payload["type"] == "saved_search.matched"
    assert payload["data"]["saved_search"]["id"] == saved.public_id
    assert payload["data"]["asset"]["id"] == clip.public_id
    assert payload["data"]["asset"]["ninjs"] == (
        f"http://127.0.0.1:8000/api/v1/assets/{clip.public_id}/ninjs/"
    )
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert SavedSearchMatch.objects.get(saved_search=saved).webhook_sent_at is not None


def test_an_embargo_lifting_by_the_clock_is_matched_by_the_sweep(events):
    buyer, _, _ = make_buyer()
    saved = saved_search(buyer, {"search": "flood"})
    lifts = timezone.now() + timedelta(hours=2)
    clip = AssetFactory(
        title="Flood in Valencia", restrictions=f"Embargo until {lifts:%Y-%m-%d %H:%M} UTC"
    )
    now = timezone.now()

    assert match_asset(asset_id=clip.pk) == 0  # published, but embargoed now
    assert saved_searches_sweep(now + timedelta(hours=1)) == 0
    assert matched(saved) == []

    assert saved_searches_sweep(now + timedelta(hours=3)) == 1
    assert matched(saved) == [clip.pk] and len(events) == 1
    assert saved_searches_sweep(now + timedelta(hours=4)) == 0


def test_a_restrictions_change_that_makes_a_clip_visible_matches(
    events, django_capture_on_commit_callbacks
):
    buyer, _, _ = make_buyer(country="GB")
    saved = saved_search(buyer, {"search": "flood"})
    clip = AssetFactory(title="Flood in Valencia", restrictions="No access UK")
    assert saved_searches_sweep(timezone.now() + timedelta(seconds=1)) == 0

    clip.restrictions = "Editorial use only"
    with django_capture_on_commit_callbacks(execute=True):
        asset_save(asset=clip)

    assert matched(saved) == [clip.pk] and len(events) == 1


def test_a_restrictions_change_on_a_clip_already_visible_is_not_news(
    events, django_capture_on_commit_callbacks
):
    buyer, _, _ = make_buyer(country="GB")
    saved = saved_search(buyer, {"search": "flood"})
    clip = AssetFactory(title="Flood in Valencia", restrictions="No access Japan")

    clip.restrictions = "No access Japan/India"
    with django_capture_on_commit_callbacks(execute=True):
        asset_save(asset=clip)

    assert matched(saved) == [] and events == []


def test_a_clip_outside_the_buyers_territory_never_matches(
    events, django_capture_on_commit_callbacks
):
    buyer, _, _ = make_buyer(name="Beijing desk", country="CN")
    saved = saved_search(buyer, {"search": "flood"})
    elsewhere, _, _ = make_buyer(name="London desk", country="GB")
    seen_in_gb = saved_search(elsewhere, {"search": "flood"})
    clip = AssetFactory(
        title="Flood in Valencia",
        restrictions="No access Chinese mainland",
        status=AssetStatus.REVIEW,
    )

    publish(clip, django_capture_on_commit_callbacks)
    saved_searches_sweep(timezone.now() + timedelta(hours=1))

    assert matched(saved) == []
    assert matched(seen_in_gb) == [clip.pk]
    assert [e["buyer"] for e in events] == [elsewhere]


def test_the_sweep_catches_a_publication_whose_task_was_lost(events):
    buyer, _, _ = make_buyer()
    saved = saved_search(buyer, {"duration_max": 60})
    short = AssetFactory(title="Short", duration_seconds=30, status=AssetStatus.REVIEW)
    long = AssetFactory(title="Long", duration_seconds=300, status=AssetStatus.REVIEW)
    asset_change_status(asset=short, status=AssetStatus.PUBLISHED)  # on_commit never runs
    asset_change_status(asset=long, status=AssetStatus.PUBLISHED)

    assert saved_searches_sweep(timezone.now() + timedelta(seconds=1)) == 1
    assert matched(saved) == [short.pk]


def test_clips_published_before_the_search_was_saved_are_not_announced(events):
    AssetFactory(title="Flood in Valencia")
    buyer, _, _ = make_buyer()
    saved = saved_search(buyer, {"search": "flood"})

    assert saved_searches_sweep(timezone.now() + timedelta(seconds=1)) == 0
    assert matched(saved) == []


def test_matching_one_clip_costs_queries_per_saved_search_not_per_clip(
    events, django_assert_max_num_queries
):
    AssetFactory.create_batch(5, title="Flood elsewhere")
    clip = AssetFactory(title="Flood in Valencia")
    buyer, _, _ = make_buyer()
    for n in range(3):
        saved_search(buyer, {"tag": f"nothing-{n}"}, name=f"S{n}")

    with django_assert_max_num_queries(2 + 3 * 1 + 2):
        assert match_asset(asset_id=clip.pk) == 0


def test_a_hold_released_makes_a_held_clip_match(events, django_capture_on_commit_callbacks):
    from catalog.services import asset_release_hold

    buyer, _, _ = make_buyer()
    saved = saved_search(buyer, {"search": "flood"})
    clip = AssetFactory(title="Flood in Valencia", restrictions="Hold for release")
    assert saved_searches_sweep(timezone.now() + timedelta(seconds=1)) == 0

    with django_capture_on_commit_callbacks(execute=True):
        asset_release_hold(asset=clip)

    assert matched(saved) == [clip.pk] and len(events) == 1


def test_the_sweep_reads_the_catalogue_once_per_watermark_not_per_saved_search(
    events, django_assert_max_num_queries
):
    from newsroom.models import SavedSearch

    buyer, _, _ = make_buyer()
    for n in range(6):
        saved_search(buyer, {"search": "flood"}, name=f"S{n}")
    SavedSearch.objects.update(swept_until=timezone.now())  # as after a first run
    AssetFactory.create_batch(3, title="Market day")
    later = timezone.now() + timedelta(seconds=1)

    # 1 for the watermarks, 2 for the candidates (published; lifted embargoes), 1 for the saved
    # searches at that watermark, then
    # per saved search one query for its candidates and one to move its watermark. PostgreSQL's
    # search also asks the planner how many clips match (catalog's few_matches), and once
    # how big the table is.
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    with django_assert_max_num_queries(2 + 2 + 6 * (3 if on_postgres else 2) + on_postgres):
        assert saved_searches_sweep(later) == 0


def test_a_sweep_with_nothing_new_costs_the_same_for_any_number_of_saved_searches(
    events, django_assert_max_num_queries
):
    from newsroom.models import SavedSearch

    buyer, _, _ = make_buyer()
    for n in range(12):
        saved_search(buyer, {"search": "flood"}, name=f"S{n}")
    SavedSearch.objects.update(swept_until=timezone.now())
    later = timezone.now() + timedelta(seconds=1)

    # the watermarks, the two candidate queries, one UPDATE moving all twelve on
    with django_assert_max_num_queries(4):
        assert saved_searches_sweep(later) == 0
    assert set(SavedSearch.objects.values_list("swept_until", flat=True)) == {later}


def test_saved_searches_sharing_a_query_share_one_check(events):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clip = AssetFactory(title="Flood in Valencia")
    for n in range(4):
        buyer, _, _ = make_buyer(name=f"Desk {n}")
        saved_search(buyer, {"search": "flood"}, notify=[])
    saved_search(buyer, {"search": "storm"}, notify=[], name="Storms")

    with CaptureQueriesContext(connection) as captured:
        assert match_asset(asset_id=clip.pk) == 4

    checks = [q["sql"] for q in captured if q["sql"].startswith('SELECT 1 AS "a"')]
    assert len(checks) == 2  # "flood" once for four saved searches, "storm" once


def test_a_match_with_no_endpoint_to_take_it_is_not_marked_sent(django_capture_on_commit_callbacks):
    buyer, _, _ = make_buyer()
    saved = saved_search(buyer, {"search": "flood"}, notify=["webhook"])
    clip = AssetFactory(title="Flood in Valencia", status=AssetStatus.REVIEW)

    publish(clip, django_capture_on_commit_callbacks)  # the real event_publish: no endpoint

    assert SavedSearchMatch.objects.get(saved_search=saved).webhook_sent_at is None
