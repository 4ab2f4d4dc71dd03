"""Sending a delivery: claim the attempt, POST it signed, log it, schedule the next one or give
up, and disable an endpoint that has failed without a success for too long.

The claim is one conditional UPDATE (due, still open, endpoint enabled): of two workers
that pick the same delivery, one updates the row and the other finds nothing, so an attempt is
sent once. The claim pushes `next_attempt_at` past the send's timeout as a lease: a worker
that dies mid-send leaves a delivery the sweep takes up again once the lease runs out. No row
lock is held while the POST is in flight.
"""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsroom.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from newsroom.models.webhooks import OPEN_STATUSES
from newsroom.webhooks.endpoints import endpoint_disable
from newsroom.webhooks.sending import SendResult, post_signed
from newsroom.webhooks.targets import TargetRefused, target_check

logger = logging.getLogger(__name__)

LEASE_EXTRA_SECONDS = 60


def _now():
    return timezone.now()


def payload_body(payload: dict) -> str:
    """The exact bytes signed and sent: compact JSON, keys in the stored order."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def retry_delay(attempt_number: int) -> timedelta | None:
    """How long after failed attempt `attempt_number` (1-based) the next one is due; None when
    that was the last one."""
    schedule = settings.WEBHOOK_RETRY_SCHEDULE
    if attempt_number >= len(schedule):
        return None
    return timedelta(seconds=schedule[attempt_number])


def delivery_claim(delivery_id: int, now) -> WebhookDelivery | None:
    """Take the next attempt of a due delivery for this worker: the delivery (with its
    endpoint; `attempts` is this attempt's number), or None when it is not due, not open, its
    endpoint is disabled, or another worker took it."""
    lease = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + LEASE_EXTRA_SECONDS)
    # Every condition on the delivery's own columns, none through a join: a join makes Django
    # write `id IN (subquery)`, which PostgreSQL does not recheck after waiting for another
    # worker's claim of the row, and both would win.
    enabled = WebhookEndpoint.objects.filter(enabled=True).values("pk")
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id,
        status__in=OPEN_STATUSES,
        next_attempt_at__lte=now,
        endpoint_id__in=enabled,
    ).update(attempts=F("attempts") + 1, next_attempt_at=lease)
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


def delivery_attempt(delivery_id: int) -> SendResult | None:
    """Send one attempt of the delivery if it is due; None when there was nothing to send."""
    now = _now()
    delivery = delivery_claim(delivery_id, now)
    if delivery is None:
        return None
    number, endpoint = delivery.attempts, delivery.endpoint
    try:
        target = target_check(endpoint.url)  # again now: what the name resolves to may change
    except TargetRefused as refusal:
        result = SendResult(response_code=None, error=f"Not sent: {refusal}", duration_ms=0)
    else:
        result = post_signed(
            target,
            secret=endpoint.secret,
            message_id=delivery.message_id,
            at=now,
            body=payload_body(delivery.payload),
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        )
    attempt_record(delivery=delivery, number=number, at=now, result=result)
    return result


@transaction.atomic
def attempt_record(*, delivery: WebhookDelivery, number: int, at, result: SendResult) -> None:
    """Log the attempt and move the delivery and its endpoint on; nothing when the delivery was
    deleted meanwhile (its endpoint was deleted while the POST was in flight)."""
    if not WebhookDelivery.objects.select_for_update().filter(pk=delivery.pk).exists():
        return
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        at=at,
        response_code=result.response_code,
        error=result.error,
        duration_ms=result.duration_ms,
    )
    endpoint = delivery.endpoint
    done = _now()
    fields = {"last_response_code": result.response_code, "last_error": result.error}
    if result.succeeded:
        fields |= {"status": DeliveryStatus.SUCCEEDED, "delivered_at": done}
        fields["next_attempt_at"] = None
        if endpoint.consecutive_failures or endpoint.failing_since:
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
                consecutive_failures=0, failing_since=None
            )
    else:
        delay = retry_delay(number)
        if delay is None:
            fields |= {"status": DeliveryStatus.ABANDONED, "next_attempt_at": None}
        else:
            fields |= {"status": DeliveryStatus.FAILED, "next_attempt_at": done + delay}
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            consecutive_failures=F("consecutive_failures") + 1,
            failing_since=Coalesce(F("failing_since"), at),
        )
    # Only the claim that holds the latest attempt moves the delivery (a stale worker whose
    # lease ran out does not overwrite what a later attempt decided).
    WebhookDelivery.objects.filter(pk=delivery.pk, attempts=number).update(**fields)
    if not result.succeeded:
        _disable_if_failing_too_long(endpoint, done)


def _disable_if_failing_too_long(endpoint: WebhookEndpoint, now) -> None:
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint.pk).first()
    if endpoint is None:  # deleted meanwhile
        return
    hours = settings.WEBHOOK_DISABLE_AFTER_HOURS
    if not endpoint.enabled or endpoint.failing_since is None:
        return
    if now - endpoint.failing_since < timedelta(hours=hours):
        return
    since = timezone.localtime(endpoint.failing_since).strftime("%Y-%m-%d %H:%M %Z")
    reason = (
        f"Disabled: every delivery failed for more than {hours} hours (since {since}, "
        f"{endpoint.consecutive_failures} failed attempts in a row). Fix the endpoint, then "
        "enable it again."
    )
    endpoint_disable(endpoint=endpoint, reason=reason)


def delivery_attempt_logged(delivery_id: int):
    """delivery_attempt() for the senders that go on with the next delivery whatever happens to
    this one (the task's batch, the sweep's threads): an error is logged, never raised, and the
    delivery stays due, so the sweep tries it again."""
    try:
        return delivery_attempt(delivery_id)
    except Exception:
        logger.exception("Webhook delivery %s could not be attempted", delivery_id)
        return None


def deliveries_due(now=None, limit: int = 500) -> list[int]:
    """Ids of deliveries whose next attempt is due (oldest first), for the sweep."""
    now = now or _now()
    return list(
        WebhookDelivery.objects.filter(
            status__in=OPEN_STATUSES, next_attempt_at__lte=now, endpoint__enabled=True
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
