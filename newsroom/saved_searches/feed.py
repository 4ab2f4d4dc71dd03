"""A saved search as a feed: the clips its query finds that the caller may see, oldest change
first by (updated_at, id), read a page at a time after a cursor so that a client polling `next`
gets each new or changed clip once, at the same cost at any depth (common.keyset)."""

from dataclasses import dataclass

from catalog.models import VideoAsset
from common.keyset import cursor_page, encode
from newsroom.models import SavedSearch
from newsroom.saved_searches.query import query_apply

FEED_PAGE = 50
FEED_PAGE_MAX = 100


@dataclass
class FeedPage:
    assets: list
    next_cursor: str | None


def feed_assets(saved: SavedSearch, request_territory: str | None):
    """What the feed may hold: published clips the saved query finds, available in both the
    buyer's territory and the request's (the most restrictive wins, as in licensing)."""
    assets = (
        VideoAsset.objects.published()
        .available_in(saved.buyer.territory)
        .available_in(request_territory)
    )
    return query_apply(saved.query, assets).order_by("updated_at", "id")


def feed_page(saved: SavedSearch, request_territory, *, cursor=None, size=FEED_PAGE) -> FeedPage:
    """One page after `cursor` (CursorError for one this server did not make). An empty page
    after a cursor keeps that cursor as `next`: the client polls it again later."""
    assets = feed_assets(saved, request_territory).with_relations()
    rows = list(assets[:size]) if cursor is None else cursor_page(assets, size, cursor).rows
    if rows:
        last = rows[-1]
        return FeedPage(rows, encode([last.updated_at, last.id], backwards=False))
    return FeedPage(rows, cursor)


def ninjs_item(asset: VideoAsset, request) -> dict:
    """The ninjs 2.2 item of `asset` (newsroom.ninjs, the ninjs part's). Until that module is
    in the build, a minimal item stands in: its uri, type, version time and headline."""
    try:
        from newsroom.ninjs import asset_ninjs
    except ModuleNotFoundError as missing:
        if missing.name != "newsroom.ninjs":
            raise  # the module is there but something it needs is not: say so
    else:
        return asset_ninjs(asset, request=request)
    return {
        "uri": request.build_absolute_uri(f"/api/v1/assets/{asset.public_id}/"),
        "type": "video",
        "versioncreated": asset.updated_at.isoformat(),
        "headlines": [{"value": asset.title}],
    }
