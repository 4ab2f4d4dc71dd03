"""Which clips a saved search announces, and recording each once.

Two paths lead here, and both end in match_record(), whose unique (saved search, clip) row
means a clip is announced once however often or concurrently it is found:

- match_asset(): one clip that was just published or whose restrictions changed (the catalog's
  signals, through a task), checked against the saved searches: per saved search one query on
  that one clip, never a scan of the catalogue. This is what makes alerts fast.
- saved_searches_sweep(): the periodic run (`manage.py saved_searches_run`). The clips that
  became visible since the saved searches' watermark (published, or embargo ended, in
  (watermark, now]) are found from indexes once, then checked per saved search. Embargoes lift
  by the clock, with no event to react to; the sweep also catches a publication whose task was
  lost.
"""

import json
import logging
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import RestrictionProfile, VideoAsset
from newsroom import events  # events.event_publish is read at call time: tests patch it
from newsroom.links import ninjs_url
from newsroom.models import SavedSearch, SavedSearchMatch
from newsroom.saved_searches.query import query_apply
from rights import RestrictionError, compile_restrictions

logger = logging.getLogger(__name__)

# Candidate clips checked against a saved search per query (bound parameters stay few).
SWEEP_CHUNK = 500


def asset_links(asset: VideoAsset) -> dict[str, str]:
    site = settings.SITE_URL
    return {
        "clip_page": f"{site}{asset.get_absolute_url()}",
        "ninjs": ninjs_url(asset.public_id),
    }


def match_payload(saved: SavedSearch, asset: VideoAsset) -> dict:
    """The data of a saved_search.matched event."""
    return {
        "saved_search": {"id": saved.public_id, "name": saved.name},
        "asset": {"id": asset.public_id, "title": asset.title, **asset_links(asset)},
    }


def _webhook_publish(saved: SavedSearch, asset: VideoAsset, match: SavedSearchMatch) -> None:
    queued = events.event_publish(
        buyer=saved.buyer, type="saved_search.matched", data=match_payload(saved, asset)
    )
    if not queued:  # no enabled endpoint takes this event: nothing was sent
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
    territory may see it; returns how many new matches. One query per distinct saved query.
    `previous_restrictions`: the text before a change, so a clip that was already visible
    there is not announced as new."""
    asset = VideoAsset.objects.published().filter(pk=asset_id).first()
    if asset is None:
        return 0
    now = timezone.now()
    one = VideoAsset.objects.published().filter(pk=asset_id)
    visible: dict[str, bool] = {}
    answers: dict[str, bool] = {}  # saved searches that share a query share its answer
    created = 0
    saved_searches = SavedSearch.objects.select_related("buyer").order_by("pk")
    for saved in saved_searches.iterator(chunk_size=500):
        territory = saved.buyer.territory
        if territory not in visible:  # decided once per territory, in Python, for this clip
            visible[territory] = asset.availability(territory, at=now).allowed and not (
                _was_visible(previous_restrictions, territory, now)
            )
        if not visible[territory]:
            continue
        key = json.dumps(saved.query, sort_keys=True)
        if key not in answers:
            answers[key] = _matches(saved, one)
        if answers[key]:
            created += match_record(saved, asset)
    return created


def became_visible(since: datetime, until: datetime) -> list[int]:
    """Ids of published clips that became listable in (since, until]: published then (the
    asset_status_listed index: listed_at is the publication time of a published clip), or
    whose embargo ended then (the few restriction profiles with such an embargo; their clips
    are looked up only when there are any). Territory is checked afterwards, per buyer.

    Hold releases and restriction edits are not here: they leave no indexed trace, and the
    catalog signals them, which queues match_asset (durably, with the database task backend)."""
    published = VideoAsset.objects.published().filter(listed_at__gt=since, listed_at__lte=until)
    found = set(published.values_list("pk", flat=True))
    lifted = RestrictionProfile.objects.filter(embargo_until__gt=since, embargo_until__lte=until)
    if lifted.exists():
        embargoed = VideoAsset.objects.published().filter(profile__in=lifted)
        found.update(embargoed.values_list("pk", flat=True))
    return sorted(found)


def saved_search_sweep(saved: SavedSearch, candidates: list[int], now: datetime) -> int:
    """Match `candidates` (clips that became visible since `saved`'s watermark) that its
    buyer's territory may see now and its query finds; move the watermark to `now`."""
    created = 0
    territory = saved.buyer.territory
    for start in range(0, len(candidates), SWEEP_CHUNK):
        chunk = candidates[start : start + SWEEP_CHUNK]
        fresh = VideoAsset.objects.filter(pk__in=chunk).available_in(territory, at=now)
        fresh = query_apply(saved.query, fresh).exclude(
            pk__in=SavedSearchMatch.objects.filter(saved_search=saved).values("asset_id")
        )
        for asset in fresh.order_by("pk"):
            created += match_record(saved, asset)
    SavedSearch.objects.filter(pk=saved.pk).update(swept_until=now)
    saved.swept_until = now
    return created


def saved_searches_sweep(now: datetime | None = None) -> int:
    """The periodic run's matching step over every saved search; returns new matches. The
    clips that changed are found once per distinct watermark (after a first run every saved
    search shares one), so the catalogue is read a handful of times per run, not per search;
    and when nothing became visible, every search at that watermark moves on in one UPDATE."""
    now = now or timezone.now()
    created = 0
    due = SavedSearch.objects.filter(swept_until__lt=now)
    for since in due.values_list("swept_until", flat=True).distinct().order_by("swept_until"):
        candidates = became_visible(since, now)
        at_since = due.filter(swept_until=since)
        if not candidates:
            at_since.update(swept_until=now)
            continue
        for saved in at_since.select_related("buyer").order_by("pk").iterator():
            created += saved_search_sweep(saved, candidates, now)
    return created
