"""A saved search as a feed: the ninjs feed (newsroom.feed: the same order, cursor, settle
window and kill notices) kept to what the saved query finds."""

from newsroom.feed import feed_assets
from newsroom.models import SavedSearch
from newsroom.saved_searches.query import query_apply


def saved_search_feed_assets(saved: SavedSearch, request):
    """The clips of the ninjs feed the caller may see (its territory, and kill notices of the
    buyer's licensed clips) that the saved query finds."""
    assets = feed_assets(user=request.user, territory=request.territory, buyer=saved.buyer)
    return query_apply(saved.query, assets)
