"""The saved searches' background work: matching one clip that may have become visible."""

from django_tasks import task

from newsroom.saved_searches.matching import match_asset


@task()
def saved_searches_match_asset(asset_id: int, previous_restrictions: str | None = None) -> int:
    return match_asset(asset_id=asset_id, previous_restrictions=previous_restrictions)
