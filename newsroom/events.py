"""Webhook events: the one door through which the newsroom tells buyers' systems what happened.

Every event goes out through `event_publish()`; the webhooks part implements it (endpoints,
signing, delivery). Other parts (saved searches, the signal receivers) only call it.
"""

from newsroom.event_types import EVENT_TYPES
from newsroom.webhooks.publishing import Event, events_publish

__all__ = ["EVENT_TYPES", "event_publish"]


def event_publish(*, buyer, type: str, data: dict) -> int:
    """Queue one delivery of the event `type` with `data` to each enabled endpoint of `buyer`
    that subscribed to it; returns how many. Call it inside the transaction that made the
    change: deliveries are queued on commit, and nothing is queued if it rolls back."""
    return events_publish([Event(buyer_id=buyer.pk, type=type, data=data)])
