"""The webhooks' background work: the task that sends deliveries, and handing deliveries to
it. Publishing (new events) and staff's "retry now" queue through `deliveries_enqueue`."""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from newsroom.models import DeliveryStatus, WebhookDelivery
from newsroom.webhooks.delivery import delivery_attempt_logged

logger = logging.getLogger(__name__)
# Deliveries per queued task: a withdrawal with a thousand licensees is 40 tasks, not 1,000.
TASK_BATCH = 25


@task()
def deliver_webhooks(delivery_ids: list[int]) -> int:
    """Send the due attempt of each delivery (one POST each); returns how many were sent.
    Failed ones are retried on schedule by `manage.py webhooks_deliver`."""
    return sum(delivery_attempt_logged(delivery_id) is not None for delivery_id in delivery_ids)


def deliveries_enqueue(ids: list[int]) -> None:
    """Hand deliveries to the task queue. If the queue is down they stay due in the database
    and `manage.py webhooks_deliver` sends them."""
    for start in range(0, len(ids), TASK_BATCH):
        chunk = ids[start : start + TASK_BATCH]
        try:
            deliver_webhooks.enqueue(chunk)
        except Exception:  # the sweep sends them; a publisher's commit must not fail over it
            logger.exception("Could not queue webhook deliveries %s; the sweep will.", chunk)


def delivery_retry_now(*, delivery: WebhookDelivery) -> bool:
    """Staff: try a failed or abandoned delivery again now (one more attempt; if it fails it
    is abandoned again unless the schedule still has attempts left). False if it succeeded
    already or its endpoint is disabled."""
    if delivery.status == DeliveryStatus.SUCCEEDED or not delivery.endpoint.enabled:
        return False
    WebhookDelivery.objects.filter(pk=delivery.pk).exclude(status=DeliveryStatus.SUCCEEDED).update(
        status=DeliveryStatus.FAILED, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: deliveries_enqueue([delivery.pk]), robust=True)
    return True
