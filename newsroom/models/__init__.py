"""Newsroom models, one module per capability (webhooks, saved searches, lightboxes)."""

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
    "Lightbox",
    "LightboxItem",
    "SavedSearch",
    "SavedSearchMatch",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
