"""The webhooks API: a buyer registers, lists, reads, deletes and re-enables its endpoints and
reads each one's delivery log. The secret is in the answer to POST only."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from common.members import request_person
from common.models import PUBLIC_ID_PATTERN
from common.schema import error_responses
from licensing.api.permissions import IsBuyer
from newsroom.event_types import EVENT_TYPES
from newsroom.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from newsroom.webhooks.endpoints import (
    WebhookError,
    endpoint_create,
    endpoint_delete,
    endpoint_enable,
)


class WebhookEndpointCreateSerializer(serializers.Serializer):
    url = serializers.CharField(
        max_length=500,
        help_text="Where to POST events: https, resolving to public addresses only "
        "(WEBHOOK_ALLOW_PRIVATE=1 in development also allows http and local addresses); no "
        "user name or password in it.",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPES),
        min_length=1,
        max_length=len(EVENT_TYPES),
        help_text="The event types to receive.",
    )
    description = serializers.CharField(max_length=200, required=False, default="")


class WebhookEndpointSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_TYPES))

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "events",
            "description",
            "enabled",
            "disabled_at",
            "disabled_reason",
            "consecutive_failures",
            "created_at",
        ]
        read_only_fields = fields


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="The signing secret (whsec_…): shown in this answer only. Verify each "
        "delivery's webhook-signature with it (Standard Webhooks).",
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "at", "response_code", "error", "duration_ms"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
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
            "log",
        ]
        read_only_fields = fields


BAD_ENDPOINT = (
    "Bad input: an unknown event, or a URL that is not https, carries credentials, cannot be "
    "resolved or resolves to a non-public address."
)


class WebhookEndpointViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The buyer's webhook endpoints. Another buyer's endpoint is a 404."""

    permission_classes = [IsBuyer]
    serializer_class = WebhookEndpointSerializer
    lookup_field = "public_id"
    lookup_value_regex = PUBLIC_ID_PATTERN

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WebhookEndpoint.objects.none()
        return WebhookEndpoint.objects.filter(buyer=self.request.buyer)

    @extend_schema(
        request=WebhookEndpointCreateSerializer,
        responses={
            201: WebhookEndpointCreatedSerializer,
            **error_responses(
                {
                    400: BAD_ENDPOINT,
                    409: "The buyer has as many endpoints as allowed (code limit_reached).",
                }
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        payload = WebhookEndpointCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            endpoint = endpoint_create(
                buyer=request.buyer,
                created_by=request_person(request),
                **payload.validated_data,
            )
        except WebhookError as error:
            if error.field is not None:
                raise serializers.ValidationError({error.field: [str(error)]}) from error
            body = {"detail": str(error), "code": error.code}
            return Response(body, status=status.HTTP_409_CONFLICT)
        body = WebhookEndpointCreatedSerializer(endpoint).data
        response = Response(body, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"  # the secret must not linger in any cache
        return response

    def perform_destroy(self, instance):
        endpoint_delete(endpoint=instance, actor=request_person(self.request))

    @extend_schema(request=None, responses={200: WebhookEndpointSerializer})
    @action(detail=True, methods=["post"])
    def enable(self, request, public_id=None):
        """Send to a disabled endpoint again (from the next event on)."""
        endpoint = endpoint_enable(endpoint=self.get_object(), actor=request_person(request))
        return Response(WebhookEndpointSerializer(endpoint).data)

    @extend_schema(responses={200: WebhookDeliverySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def deliveries(self, request, public_id=None):
        """The endpoint's delivery log, newest first: status, attempts and each attempt's
        answer."""
        endpoint = self.get_object()
        deliveries = WebhookDelivery.objects.filter(endpoint=endpoint).prefetch_related("log")
        page = self.paginate_queryset(deliveries)
        body = WebhookDeliverySerializer(page, many=True).data
        return self.get_paginated_response(body)
