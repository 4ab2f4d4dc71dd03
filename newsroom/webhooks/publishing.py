"""Events into deliveries: one delivery row per (event, subscribed endpoint), made in bulk in
the caller's transaction and handed to the delivery task once it commits."""

from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from newsroom.event_types import EVENT_TYPES
from newsroom.models import WebhookDelivery, WebhookEndpoint
from newsroom.models.webhooks import new_message_id
from newsroom.webhooks.tasks import deliveries_enqueue


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
