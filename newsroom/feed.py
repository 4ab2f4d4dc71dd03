"""The ninjs feed: every new or changed item once, in the order it took its present form.

A client polls `next` for ever. Items come in (FEED_KEY, id) order, ascending; the cursor is the
last item's (key, id), so the next poll answers what came after it. FEED_KEY is the clip's
last write (updated_at), or the end of its embargo when that came later: an embargo lifts by
the clock, with no write, and the clip must then reach those who could not see it before.

Why a settle window (FEED_SETTLE_SECONDS): updated_at is taken when a transaction writes, not
when it commits. A transaction that wrote at 10:00:00.100 and commits at 10:00:02 would appear
behind a cursor a client already holds if the feed had served a row written at 10:00:01 in the
meantime: that change would be skipped for ever. So the feed serves only versions older than
the window; a write then has that long to commit (the catalog's writes are short transactions,
well under a second), and the window also absorbs small clock differences between app servers.

Who sees what: published clips the caller's territory may see now (as the assets list), and
withdrawn ones as kill notices to the same callers and, wherever they are, to buyers who hold
or held a licence of the clip. Staff see every published and withdrawn clip.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import django_filters
from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from catalog.filters import AssetFilter
from catalog.models import AssetStatus, VideoAsset
from common.access import sees_everything
from common.keyset import CursorError, RowCompare, decode, encode
from licensing.models import License

# The instant each item took its present form (newsroom.ninjs.versioned_at says the same in
# Python); catalog's asset_feed index holds it with the id, so a page is one range of it.
FEED_KEY = Greatest(F("updated_at"), Coalesce(F("embargo_until"), F("updated_at")))
FEED_STATUSES = (AssetStatus.PUBLISHED, AssetStatus.WITHDRAWN)
FEED_PAGE_SIZE = 100
FEED_MAX_PAGE_SIZE = 100


class FeedFilter(AssetFilter):
    """The assets list's filters; the feed keeps its own order, so no `ordering`."""

    ordering = None

    def filter_queryset(self, queryset):
        return django_filters.FilterSet.filter_queryset(self, queryset)


def feed_assets(*, user, territory: str | None, buyer=None):
    """The clips the feed may show this caller, with their feed key; not yet ordered."""
    assets = VideoAsset.objects.filter(status__in=FEED_STATUSES)
    if not sees_everything(user):
        visible = assets.available_in(territory)
        if buyer is not None:
            licensed = License.objects.filter(buyer=buyer).values("asset_id")
            visible = visible | assets.filter(status=AssetStatus.WITHDRAWN, pk__in=licensed)
        assets = visible
    return assets.annotate(feed_key=FEED_KEY)


@dataclass
class FeedPage:
    assets: list
    after: tuple[datetime, int] | None  # where the next poll starts


def settled_before(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(seconds=settings.FEED_SETTLE_SECONDS)


def feed_page(assets, *, after: tuple[datetime, int] | None, size: int, now=None) -> FeedPage:
    """Up to `size` settled items after `after` (from the start when None). The next poll
    starts after the last one, or where this one did when there was nothing new."""
    page = assets.filter(feed_key__lte=settled_before(now)).order_by("feed_key", "id")
    if after is not None:
        # The plain bound says the same as the row comparison for the key alone; PostgreSQL
        # estimates it from the index's statistics (it guesses for row comparisons, and a low
        # guess had it sort the whole rest of the feed instead of reading the index in order).
        page = page.filter(
            RowCompare([F("feed_key"), F("id")], ">", list(after)), feed_key__gte=after[0]
        )
    rows = list(page.with_relations().select_related("evidence").defer("search_document")[:size])
    if rows:
        return FeedPage(rows, (rows[-1].feed_key, rows[-1].pk))
    return FeedPage(rows, after)


def encode_cursor(after: tuple[datetime, int]) -> str:
    return encode(list(after), backwards=False)


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The position a cursor names; CursorError for one this server did not make."""
    (instant, pk), backwards = decode(cursor, 2)
    if (
        backwards
        or not isinstance(instant, datetime)
        or instant.tzinfo is None
        or not isinstance(pk, int)
        or isinstance(pk, bool)
        or not 0 <= pk < 2**63
    ):
        raise CursorError("This cursor is not one this server made; start again without one.")
    try:
        instant = instant.astimezone(UTC)
    except OverflowError:  # a made-up instant at the edge of the calendar
        raise CursorError(
            "This cursor is not one this server made; start again without one."
        ) from None
    return instant, pk
