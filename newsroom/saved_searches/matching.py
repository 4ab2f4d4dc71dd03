"""Which clips a saved search announces, and recording each once.

Two paths lead here, and both end in match_record(), whose unique (saved search, clip) row
means a clip is announced once however often or concurrently it is found:

- match_asset(): one clip that was just published or whose restrictions changed (the catalog's
  signals, through a task), checked against the saved searches: per saved search one query on
  that one clip, never a scan of the catalogue. This is what makes alerts fast.
- saved_searches_sweep(): the periodic run (`manage.py saved_searches_run`). Per saved search,
  one query for the clips that became visible since its watermark: published, embargo ended or
  hold released in (watermark, now]. Embargoes lift by the clock, with no event to react to;
  the sweep also catches whatever a lost task missed.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from catalog.models import VideoAsset
from newsroom.models import SavedSearch, SavedSearchMatch
from newsroom.saved_searches.query import query_apply
from rights import RestrictionError, compile_restrictions

logger = logging.getLogger(__name__)


def asset_links(asset: VideoAsset) -> dict[str, str]:
    site = settings.SITE_URL
    return {
        "clip_page": f"{site}{asset.get_absolute_url()}",
        "ninjs": f"{site}/api/v1/assets/{asset.public_id}/ninjs/",
    }


def match_payload(saved: SavedSearch, asset: VideoAsset) -> dict:
    """The data of a saved_search.matched event."""
    return {
        "saved_search": {"id": saved.public_id, "name": saved.name},
        "asset": {"id": asset.public_id, "title": asset.title, **asset_links(asset)},
    }


def _webhook_publish(saved: SavedSearch, asset: VideoAsset, match: SavedSearchMatch) -> None:
    from newsroom import events  # read at call time: tests record calls by patching it

    try:
        events.event_publish(
            buyer=saved.buyer, type="saved_search.matched", data=match_payload(saved, asset)
        )
    except NotImplementedError:  # no webhooks in this build: the match itself still stands
        logger.warning("saved_search.matched not published: webhooks are not implemented")
        return
    match.webhook_sent_at = timezone.now()
    match.save(update_fields=["webhook_sent_at"])


def match_record(saved: SavedSearch, asset: VideoAsset) -> bool:
    """Record that `asset` matched `saved`; True when it is new. The event goes out in the same
    transaction as the row, so a rolled-back match announces nothing."""
    with transaction.atomic():
        try:
            match, created = SavedSearchMatch.objects.get_or_create(saved_search=saved, asset=asset)
        except IntegrityError:  # another run recorded it between our look and our insert
            return False
        if created and saved.notifies("webhook"):
            _webhook_publish(saved, asset, match)
    return created


def _matches(saved: SavedSearch, assets) -> bool:
    return query_apply(saved.query, assets).exists()


def _was_visible(previous: str | None, territory: str, at: datetime) -> bool:
    """Whether the text before a change already let the clip be seen in `territory`."""
    if previous is None:  # a hold released, or rules recompiled: treat it as news
        return False
    try:
        return compile_restrictions(previous).check(territory, at=at).allowed
    except RestrictionError:
        return False  # unreadable text was never visible


def match_asset(*, asset_id: int, previous_restrictions: str | None = None) -> int:
    """Check one clip, published and visible now, against every saved search whose buyer's
    territory may see it; returns how many new matches. `previous_restrictions`: the text
    before a change, so a clip that was already visible there is not announced as new."""
    asset = VideoAsset.objects.published().filter(pk=asset_id).first()
    if asset is None:
        return 0
    now = timezone.now()
    one = VideoAsset.objects.published().filter(pk=asset_id)
    visible: dict[str, bool] = {}
    created = 0
    saved_searches = SavedSearch.objects.select_related("buyer").order_by("pk")
    for saved in saved_searches.iterator(chunk_size=500):
        territory = saved.buyer.territory
        if territory not in visible:  # decided once per territory, in Python, for this clip
            visible[territory] = asset.availability(territory, at=now).allowed and not (
                _was_visible(previous_restrictions, territory, now)
            )
        if visible[territory] and _matches(saved, one):
            created += match_record(saved, asset)
    return created


def newly_visible(territory: str, since: datetime, until: datetime):
    """Published clips visible in `territory` at `until` that became so after `since`."""
    window = (
        Q(published_at__gt=since, published_at__lte=until)
        | Q(embargo_until__gt=since, embargo_until__lte=until)
        | Q(hold_released_at__gt=since, hold_released_at__lte=until)
    )
    return VideoAsset.objects.published().available_in(territory, at=until).filter(window)


def saved_search_sweep(saved: SavedSearch, now: datetime) -> int:
    """Match the clips that became visible to `saved`'s buyer since its watermark; move the
    watermark to `now`. Returns how many new matches."""
    fresh = newly_visible(saved.buyer.territory, saved.swept_until, now)
    fresh = query_apply(saved.query, fresh).exclude(
        pk__in=SavedSearchMatch.objects.filter(saved_search=saved).values("asset_id")
    )
    created = 0
    for asset in fresh.order_by("pk").iterator(chunk_size=500):
        created += match_record(saved, asset)
    SavedSearch.objects.filter(pk=saved.pk).update(swept_until=now)
    saved.swept_until = now
    return created


def saved_searches_sweep(now: datetime | None = None) -> int:
    """The periodic run's matching step over every saved search; returns new matches."""
    now = now or timezone.now()
    created = 0
    for saved in SavedSearch.objects.select_related("buyer").order_by("pk").iterator():
        if saved.swept_until < now:
            created += saved_search_sweep(saved, now)
    return created
