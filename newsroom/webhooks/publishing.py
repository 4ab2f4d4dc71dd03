"""Events into deliveries: one delivery row per (event, subscribed endpoint), made in bulk in
the caller's transaction and handed to the delivery task once it commits."""

import logging
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from newsroom.event_types import EVENT_TYPES
from newsroom.models import WebhookDelivery, WebhookEndpoint
from newsroom.models.webhooks import new_message_id

logger = logging.getLogger(__name__)
# Deliveries per queued task: a withdrawal with a thousand licensees is 40 tasks, not 1,000.
TASK_BATCH = 25


@dataclass(frozen=True)
class Event:
    buyer_id: int
    type: str
    data: dict


def iso_timestamp(at) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def events_publish(events: list[Event]) -> int:
    """Queue each event to every enabled endpoint of its buyer that subscribed to its type;
    returns how many deliveries. Three queries however many events: endpoints, insert, and
    nothing else until commit."""
    unknown = {e.type for e in events} - set(EVENT_TYPES)
    if unknown:
        raise ValueError(f"Unknown webhook event type {', '.join(sorted(unknown))}.")
    if not events:
        return 0
    endpoints: dict[int, list[WebhookEndpoint]] = {}
    wanted = WebhookEndpoint.objects.filter(
        buyer_id__in={e.buyer_id for e in events}, enabled=True
    ).only("pk", "buyer_id", "events")
    for endpoint in wanted:
        endpoints.setdefault(endpoint.buyer_id, []).append(endpoint)
    now = timezone.now()
    deliveries = []
    for event in events:
        payload = {"type": event.type, "timestamp": iso_timestamp(now), "data": event.data}
        message_id = new_message_id()  # one id per event: a receiver's idempotency key
        for endpoint in endpoints.get(event.buyer_id, ()):
            if endpoint.subscribes_to(event.type):
                deliveries.append(
                    WebhookDelivery(
                        endpoint_id=endpoint.pk,
                        message_id=message_id,
                        type=event.type,
                        payload=payload,
                        next_attempt_at=now,
                        created_at=now,
                    )
                )
    if not deliveries:
        return 0
    made = WebhookDelivery.objects.bulk_create(deliveries, batch_size=500)
    ids = [d.pk for d in made]
    transaction.on_commit(lambda: deliveries_enqueue(ids), robust=True)
    return len(ids)


def deliveries_enqueue(ids: list[int]) -> None:
    """Hand deliveries to the task queue. If the queue is down they stay due in the database
    and `manage.py webhooks_deliver` sends them."""
    from newsroom.tasks import deliver_webhooks

    for start in range(0, len(ids), TASK_BATCH):
        chunk = ids[start : start + TASK_BATCH]
        try:
            deliver_webhooks.enqueue(chunk)
        except Exception:  # the sweep sends them; a publisher's commit must not fail over it
            logger.exception("Could not queue webhook deliveries %s; the sweep will.", chunk)
