"""The webhook events a buyer can subscribe to (Standard Webhooks `type`)."""

EVENT_TYPES = (
    "asset.withdrawn",
    "asset.restrictions_changed",
    "delivery.failed",
    "delivery.ready",
    "license.revoked",
    "order.created",
    "saved_search.matched",
)
