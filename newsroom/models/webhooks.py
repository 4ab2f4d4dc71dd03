"""Webhooks: where a buyer wants events sent, each event's delivery to each endpoint, and the
log of every attempt (Standard Webhooks signatures; newsroom.webhooks sends them)."""

import base64
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from common.models import new_public_id
from licensing.models import Buyer
from newsroom.event_types import EVENT_TYPES


def new_webhook_secret() -> str:
    """`whsec_` and the base64 of 32 random bytes: the form Standard Webhooks libraries read."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def validate_event_types(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("Name at least one event.")
    unknown = [str(v) for v in value if v not in EVENT_TYPES]
    if unknown:
        raise ValidationError(
            f"Unknown event {', '.join(unknown)}; the events are {', '.join(EVENT_TYPES)}."
        )


class WebhookEndpoint(models.Model):
    """A URL of a buyer's system that receives the events it subscribed to, signed with its
    secret. The secret is kept (it signs every delivery) but shown only once, when created."""

    public_id = models.CharField(max_length=12, unique=True, default=new_public_id, editable=False)
    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list, validators=[validate_event_types])
    description = models.CharField(max_length=200, blank=True)
    secret = models.CharField(max_length=64, default=new_webhook_secret, editable=False)
    enabled = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True, editable=False)
    disabled_reason = models.CharField(max_length=300, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    failing_since = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="First failure since the last success."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["buyer", "enabled"], name="webhook_endpoint_buyer")]

    def __str__(self):
        return f"{self.url} ({self.public_id})"

    def subscribes_to(self, event_type: str) -> bool:
        return event_type in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed, will retry"
    ABANDONED = "abandoned", "Abandoned"


# Deliveries the sender may still try; an index on them serves the sweep.
OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)


class WebhookDelivery(models.Model):
    """One event for one endpoint: the exact body sent every attempt, and where it stands."""

    public_id = models.CharField(max_length=12, unique=True, default=new_public_id, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField(max_length=40)
    type = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "failed"]),
                name="webhook_delivery_due",
            ),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "message_id"], name="webhook_delivery_once_per_endpoint"
            ),
        ]

    def __str__(self):
        return f"{self.type} {self.message_id} to {self.endpoint_id}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: when, what the endpoint answered, how long it took."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField()
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_once"),
        ]

    def __str__(self):
        return f"attempt {self.number} of {self.delivery_id}"

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300
