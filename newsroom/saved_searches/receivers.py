"""Saved searches hear of clips that may have become visible (catalog.signals); connected in
NewsroomConfig.ready. The check runs as a task once the change is committed."""

from django.db import transaction

from catalog.models import AssetStatus
from newsroom.saved_searches.tasks import saved_searches_match_asset


def _queue(asset_id: int, previous: str | None) -> None:
    # robust: the change has committed; a queue that fails to take the task must not turn it
    # into an error (saved_searches_run finds the clip on its next run).
    transaction.on_commit(
        lambda: saved_searches_match_asset.enqueue(asset_id, previous), robust=True
    )


def match_when_published(sender, *, asset, previous, status, **kwargs):
    if status == AssetStatus.PUBLISHED and previous != AssetStatus.PUBLISHED:
        _queue(asset.pk, None)


def match_when_restrictions_change(sender, *, asset, previous, restrictions, **kwargs):
    if asset.status == AssetStatus.PUBLISHED:
        _queue(asset.pk, previous)
