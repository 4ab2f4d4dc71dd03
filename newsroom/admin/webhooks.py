"""Webhooks in admin: endpoints (secrets never shown), and deliveries with their attempt log,
read-only, with "retry now" and "enable again" as actions that call the services."""

from django.contrib import admin
from django.db.models import Count

from common.admin.actions import run_on_each
from common.admin.readonly import ReadOnlyAdmin, ReadOnlyInline
from newsroom.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from newsroom.webhooks.endpoints import WebhookError, endpoint_enable
from newsroom.webhooks.tasks import delivery_retry_now


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    deletable = True  # with its deliveries; buyers delete their own through the API too
    list_display = ["url", "buyer", "enabled", "consecutive_failures", "deliveries", "created_at"]
    list_filter = ["enabled"]
    list_select_related = ["buyer"]
    search_fields = ["url", "public_id", "buyer__name"]
    fields = [
        "public_id",
        "buyer",
        "url",
        "events",
        "description",
        "enabled",
        "disabled_at",
        "disabled_reason",
        "consecutive_failures",
        "failing_since",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields
    actions = ["enable"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(delivery_count=Count("deliveries"))

    @admin.display(description="Deliveries", ordering="delivery_count")
    def deliveries(self, endpoint):
        return endpoint.delivery_count

    @admin.action(description="Enable the selected endpoints again")
    def enable(self, request, queryset):
        run_on_each(
            self,
            request,
            queryset,
            lambda endpoint: endpoint_enable(endpoint=endpoint, actor=request.user),
            refusals=(WebhookError,),
            done=lambda n: f"Enabled {n} endpoint{'s' if n != 1 else ''}.",
            failed="Not enabled",
        )


class WebhookAttemptInline(ReadOnlyInline):
    model = WebhookAttempt
    fields = ["number", "at", "response_code", "error", "duration_ms"]
    readonly_fields = fields


class RetryRefused(Exception):
    pass


def _retry(delivery):
    if not delivery_retry_now(delivery=delivery):
        raise RetryRefused("it succeeded already, or its endpoint is disabled.")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    deletable = True
    list_display = [
        "message_id",
        "type",
        "endpoint",
        "status",
        "attempts",
        "last_response_code",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "type"]
    list_select_related = ["endpoint"]
    search_fields = ["message_id", "public_id", "endpoint__url"]
    fields = [
        "public_id",
        "endpoint",
        "message_id",
        "type",
        "status",
        "attempts",
        "next_attempt_at",
        "last_response_code",
        "last_error",
        "created_at",
        "delivered_at",
        "payload",
    ]
    readonly_fields = fields
    inlines = [WebhookAttemptInline]
    actions = ["retry_now"]
    date_hierarchy = "created_at"

    @admin.action(description="Retry the selected deliveries now")
    def retry_now(self, request, queryset):
        run_on_each(
            self,
            request,
            queryset.exclude(status=DeliveryStatus.SUCCEEDED).select_related("endpoint"),
            _retry,
            refusals=(RetryRefused,),
            done=lambda n: f"Queued {n} deliver{'ies' if n != 1 else 'y'} to be sent now.",
            failed="Not retried",
        )
