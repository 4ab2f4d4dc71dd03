"""A buyer's webhook endpoints: register (URL checked, secret made), delete, disable (with a
message and an e-mail to whoever made it) and enable again. Each is one transaction."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from licensing.models import Buyer
from newsroom.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from newsroom.models.webhooks import OPEN_STATUSES
from newsroom.webhooks.targets import TargetRefused, target_check


class WebhookError(ValueError):
    """A request about webhooks that cannot be done; the message says why, for the buyer."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.field, self.code = field, code


def endpoint_create(
    *, buyer: Buyer, url: str, events: list[str], description: str = "", created_by=None
) -> WebhookEndpoint:
    """Register `url` for `events`. The URL must pass the SSRF check (targets) now, and again
    at every delivery. The new endpoint's `secret` is shown to the caller once."""
    try:
        target_check(url)  # a DNS lookup: before any lock is taken
    except TargetRefused as refusal:
        raise WebhookError(str(refusal), field="url") from refusal
    endpoint = WebhookEndpoint(
        buyer=buyer,
        url=url,
        events=list(dict.fromkeys(events)),
        description=description,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    try:
        endpoint.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise WebhookError(messages[0], field=field) from error
    with transaction.atomic():
        # The buyer's row lock makes the limit hold against two registrations at once.
        Buyer.objects.select_for_update().only("pk").get(pk=buyer.pk)
        limit = settings.WEBHOOK_MAX_ENDPOINTS
        if WebhookEndpoint.objects.filter(buyer=buyer).count() >= limit:
            raise WebhookError(
                f"A buyer may have at most {limit} webhook endpoints; delete one first.",
                code="limit_reached",
            )
        endpoint.save()
        audit_record(
            actor=created_by,
            action="webhook.create",
            target=endpoint,
            after={"url": endpoint.url, "events": endpoint.events},
        )
    return endpoint


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint, actor=None) -> None:
    """Remove the endpoint with its deliveries and their log."""
    audit_record(
        actor=actor,
        action="webhook.delete",
        target=endpoint,
        before={"url": endpoint.url, "events": endpoint.events},
    )
    endpoint.delete()


@transaction.atomic
def endpoint_enable(*, endpoint: WebhookEndpoint, actor=None) -> WebhookEndpoint:
    """Send to it again, from the next event on; its failure count starts over."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        enabled=True,
        disabled_at=None,
        disabled_reason="",
        consecutive_failures=0,
        failing_since=None,
    )
    if not endpoint.enabled:
        audit_record(actor=actor, action="webhook.enable", target=endpoint)
    endpoint.refresh_from_db()
    return endpoint


@transaction.atomic
def endpoint_disable(*, endpoint: WebhookEndpoint, reason: str, actor=None) -> bool:
    """Stop sending to it: its open deliveries are abandoned, its creator is told by e-mail.
    Returns False when it was already disabled (nothing done, no second e-mail)."""
    now = timezone.now()
    changed = WebhookEndpoint.objects.filter(pk=endpoint.pk, enabled=True).update(
        enabled=False, disabled_at=now, disabled_reason=reason[:300]
    )
    if not changed:
        return False
    WebhookDelivery.objects.filter(endpoint=endpoint, status__in=OPEN_STATUSES).update(
        status=DeliveryStatus.ABANDONED, next_attempt_at=None, last_error="Endpoint disabled."
    )
    audit_record(actor=actor, action="webhook.disable", target=endpoint, after={"reason": reason})
    endpoint.refresh_from_db()
    creator = endpoint.created_by
    if creator is not None and creator.email:
        transaction.on_commit(lambda: _mail_disabled(endpoint, creator.email), robust=True)
    return True


def _mail_disabled(endpoint: WebhookEndpoint, address: str) -> None:
    site = settings.SITE_NAME
    send_mail(
        subject=f"{site}: your webhook endpoint was disabled",
        message=(
            f"We stopped sending events to {endpoint.url} ({endpoint.public_id}).\n\n"
            f"{endpoint.disabled_reason}\n\n"
            f"Once it answers again, enable it on your account's Webhooks page "
            f"({settings.SITE_URL}/account/webhooks/) or with "
            f"POST /api/v1/webhooks/{endpoint.public_id}/enable/.\n"
        ),
        from_email=None,
        recipient_list=[address],
    )
