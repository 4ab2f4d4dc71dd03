"""Newsroom models, one module per capability (webhooks, saved searches, lightboxes)."""

from newsroom.models.lightboxes import Lightbox, LightboxItem  # noqa: F401
from newsroom.models.webhooks import (  # noqa: F401
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
