"""Webhook events: the one door through which the newsroom tells buyers' systems what happened.

Every event goes out through `event_publish()`; the webhooks part implements it (endpoints,
signing, delivery). Other parts (saved searches, the signal receivers) only call it.
"""

EVENT_TYPES = (
    "asset.withdrawn",
    "asset.restrictions_changed",
    "license.revoked",
    "order.created",
    "saved_search.matched",
)


def event_publish(*, buyer, type: str, data: dict) -> int:
    """Queue one delivery of the event `type` with `data` to each enabled endpoint of `buyer`
    that subscribed to it; returns how many. Call it inside the transaction that made the
    change: deliveries are queued on commit, and nothing is queued if it rolls back."""
    from newsroom.webhooks.publishing import Event, events_publish

    return events_publish([Event(buyer_id=buyer.pk, type=type, data=data)])
