"""GET /api/v1/feed/ninjs/: every new or changed item once, in order, polled through `next`."""

from datetime import UTC, datetime, timedelta
from datetime import timezone as timezone_of_offset

import pytest
from django.utils import timezone

from catalog.models import AssetStatus, VideoAsset
from catalog.services import asset_change_status, asset_relations_change, asset_save
from common.keyset import encode
from tests.factories import AssetFactory, PartnerFactory, TagFactory
from tests.licensing.conftest import client_for, make_buyer, order, with_master
from tests.newsroom.ninjs_schema import ninjs_errors

pytestmark = pytest.mark.django_db
FEED = "/api/v1/feed/ninjs/"


def timezone_of(hours):
    return timezone_of_offset(timedelta(hours=hours))


@pytest.fixture(autouse=True)
def no_settling(settings):
    """Most tests read what was just written; the settle window has tests of its own."""
    settings.FEED_SETTLE_SECONDS = 0
    settings.GEO_TRUSTED_HEADER = "CF-IPCountry"


def aged(asset, seconds):
    """The clip as if its last write were `seconds` ago."""
    VideoAsset.objects.filter(pk=asset.pk).update(
        updated_at=timezone.now() - timedelta(seconds=seconds)
    )
    return asset


def poll(client, url=FEED, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"items", "next"} and body["next"].startswith("http://testserver/")
    return body["items"], body["next"].removeprefix("http://testserver")


def drain(client, url=FEED, **headers):
    """Poll until an empty page: every item seen, and where to poll next."""
    seen = []
    while True:
        items, url = poll(client, url, **headers)
        if not items:
            return seen, url
        seen += items


def ids(items):
    return [item["altids"][0]["value"] for item in items]


def test_items_come_oldest_change_first_each_once_across_pages(api_client):
    assets = [aged(AssetFactory(), seconds) for seconds in (50, 40, 30, 20, 10)]
    seen, _ = drain(api_client, f"{FEED}?limit=2")
    assert ids(seen) == [a.public_id for a in assets]
    assert all(ninjs_errors(item) == [] for item in seen)


def test_next_is_always_given_and_an_empty_poll_keeps_its_place(api_client):
    items, first_next = poll(api_client)
    assert items == []
    asset = AssetFactory()
    seen, url = drain(api_client, first_next)
    assert ids(seen) == [asset.public_id]
    assert poll(api_client, url) == ([], url)  # nothing new: the same place


def test_a_change_of_restrictions_comes_again_as_a_new_version(api_client):
    asset = aged(AssetFactory(restrictions=""), 60)
    seen, url = drain(api_client)
    asset.refresh_from_db()
    asset.restrictions = "No access Japan"
    asset_save(asset=asset)
    again, url = drain(api_client, url)
    assert ids(again) == [asset.public_id]
    assert int(again[0]["version"]) > int(seen[0]["version"])
    assert again[0]["usageterms"] == "Restrictions: No access Japan"
    assert drain(api_client, url)[0] == []


def test_new_tags_come_again_as_a_new_version(api_client):
    asset = aged(AssetFactory(), 60)
    seen, url = drain(api_client)
    with asset_relations_change(asset=asset):
        asset.tags.add(TagFactory(name="Drone footage"))
    again, url = drain(api_client, url)
    assert ids(again) == [asset.public_id]
    assert int(again[0]["version"]) > int(seen[0]["version"])
    assert "Drone footage" in [subject["name"] for subject in again[0]["subjects"]]


def test_a_withdrawal_comes_as_a_kill_notice(api_client):
    asset = aged(AssetFactory(), 60)
    _, url = drain(api_client)
    asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)
    seen, _ = drain(api_client, url)
    assert [(i["pubstatus"], i["uri"]) for i in seen] == [
        ("canceled", f"urn:clipwire:asset:{asset.public_id}")
    ]


def test_only_what_the_territory_may_see(api_client):
    everywhere = aged(AssetFactory(restrictions=""), 30)
    not_cn = aged(AssetFactory(restrictions="No access Chinese mainland"), 20)
    AssetFactory(status=AssetStatus.DRAFT)
    assert ids(drain(api_client, HTTP_CF_IPCOUNTRY="CN")[0]) == [everywhere.public_id]
    gb = ids(drain(api_client, HTTP_CF_IPCOUNTRY="GB")[0])
    assert gb == [everywhere.public_id, not_cn.public_id]


def test_a_kill_notice_reaches_licensees_wherever_and_not_others_who_cannot_see_it(api_client):
    asset = with_master(AssetFactory(restrictions=""))
    _, key = make_buyer()
    licensee = client_for(key)
    assert order(licensee, [{"asset": asset.public_id, "license": "editorial"}]).status_code == 201
    asset.refresh_from_db()
    asset.restrictions = "No access United Kingdom"
    asset_save(asset=asset)
    asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)
    seen = drain(licensee, HTTP_CF_IPCOUNTRY="GB")[0]
    assert [(i["pubstatus"], i["uri"]) for i in seen] == [
        ("canceled", f"urn:clipwire:asset:{asset.public_id}")
    ]
    assert drain(api_client, HTTP_CF_IPCOUNTRY="GB")[0] == []
    assert ids(drain(api_client, HTTP_CF_IPCOUNTRY="FR")[0]) == [asset.public_id]


def test_an_embargo_that_lifts_by_the_clock_is_delivered_after_the_cursor(api_client):
    """Its last write is older than what the client has seen; the end of its embargo is not."""
    ends = (timezone.now() - timedelta(minutes=1)).replace(second=0, microsecond=0)
    embargoed = aged(AssetFactory(restrictions=f"Embargo until {ends:%Y-%m-%d %H:%M} UTC"), 3600)
    seen_first = aged(AssetFactory(), 1800)
    # The clock is not ours to move: an hour ago, the embargo's end was an hour away.
    in_an_hour = timezone.now() + timedelta(hours=1)
    VideoAsset.objects.filter(pk=embargoed.pk).update(embargo_until=in_an_hour)
    first, url = drain(api_client)
    assert ids(first) == [seen_first.public_id]
    VideoAsset.objects.filter(pk=embargoed.pk).update(embargo_until=ends)  # now it is over
    later, _ = drain(api_client, url)
    assert ids(later) == [embargoed.public_id]
    assert later[0]["versioncreated"] == f"{ends:%Y-%m-%dT%H:%M}:00Z"
    assert "embargoed" not in later[0]


def test_the_assets_lists_filters_apply(api_client):
    ours = PartnerFactory(slug="ours")
    mine = aged(AssetFactory(partner=ours, duration_seconds=30), 20)
    aged(AssetFactory(duration_seconds=30), 10)
    assert ids(drain(api_client, f"{FEED}?partner=ours")[0]) == [mine.public_id]
    items, url = poll(api_client, f"{FEED}?partner=ours&duration_max=60")
    assert ids(items) == [mine.public_id] and "partner=ours" in url and "duration_max=60" in url


@pytest.mark.parametrize(
    "query",
    [
        "duration_min=abc",
        "duration_min=",
        "recorded_after=yesterday",
        "ordering=newest",
        "colour=red",
        "limit=0",
        "limit=101",
        "limit=ten",
        "since=soon",
        "partner=a&partner=b",
    ],
)
def test_bad_parameters_are_a_400_in_the_error_shape(api_client, query):
    response = api_client.get(f"{FEED}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"] and body["fields"]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        encode(["2026-01-01", 1], backwards=False),
        encode([datetime(2026, 1, 1, tzinfo=UTC), 2**70], backwards=False),
        encode([datetime(1, 1, 1, tzinfo=timezone_of(14)), 1], backwards=False),
        encode([datetime(2026, 1, 1, tzinfo=UTC), 1], backwards=True),
    ],
)
def test_a_cursor_this_server_did_not_make_names_no_page(api_client, cursor):
    response = api_client.get(f"{FEED}?cursor={cursor}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_since_starts_at_an_instant(api_client):
    aged(AssetFactory(), 600)
    recent = aged(AssetFactory(), 60)
    since = (timezone.now() - timedelta(seconds=300)).isoformat().replace("+00:00", "Z")
    assert ids(drain(api_client, f"{FEED}?since={since}")[0]) == [recent.public_id]


def test_a_late_commit_with_an_older_time_is_not_skipped(api_client, settings):
    """A transaction that wrote first but commits last must still reach a polling client."""
    settings.FEED_SETTLE_SECONDS = 5
    settled = aged(AssetFactory(), 60)
    seen, url = drain(api_client)
    assert ids(seen) == [settled.public_id]
    newer = aged(AssetFactory(), 2)  # committed at once
    items, url = poll(api_client, url)
    assert items == []  # not settled yet: a transaction that wrote before it may still commit
    older = aged(AssetFactory(), 3)  # wrote 3 s ago, commits only now
    for asset in (newer, older):  # five seconds pass
        VideoAsset.objects.filter(pk=asset.pk).update(
            updated_at=VideoAsset.objects.get(pk=asset.pk).updated_at - timedelta(seconds=5)
        )
    later, _ = drain(api_client, url)
    assert ids(later) == [older.public_id, newer.public_id]


def test_a_page_costs_the_same_few_queries_however_many_items(
    api_client, django_assert_max_num_queries
):
    for _ in range(30):
        AssetFactory()
    with django_assert_max_num_queries(6):
        items, _ = poll(api_client, f"{FEED}?limit=25")
    assert len(items) == 25
