"""Background tasks: thin wrappers over the newsroom's services, safe to run twice."""

from django_tasks import task

from newsroom.saved_searches.matching import match_asset
from newsroom.webhooks.delivery import delivery_attempt_logged


@task()
def deliver_webhooks(delivery_ids: list[int]) -> int:
    """Send the due attempt of each delivery (one POST each); returns how many were sent.
    Failed ones are retried on schedule by `manage.py webhooks_deliver`."""
    return sum(delivery_attempt_logged(delivery_id) is not None for delivery_id in delivery_ids)


@task()
def saved_searches_match_asset(asset_id: int, previous_restrictions: str | None = None) -> int:
    return match_asset(asset_id=asset_id, previous_restrictions=previous_restrictions)
