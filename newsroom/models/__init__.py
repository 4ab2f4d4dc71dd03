"""Newsroom models, one module per capability (webhooks, saved searches, lightboxes, delivery
watches)."""

from newsroom.models.deliveries import DeliveryWatch
from newsroom.models.lightboxes import Lightbox, LightboxItem
from newsroom.models.saved_searches import NOTIFY_CHANNELS, SavedSearch, SavedSearchMatch
from newsroom.models.webhooks import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

__all__ = [
    "NOTIFY_CHANNELS",
    "DeliveryStatus",
    "DeliveryWatch",
    "Lightbox",
    "LightboxItem",
    "SavedSearch",
    "SavedSearchMatch",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
