"""Saved searches over the API: /api/v1/saved-searches/ (serializers and views). Serializers
translate; newsroom.saved_searches.services decides."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from catalog.filters import ORDERING_CHOICES
from common.fields import StringField
from common.links import absolute_url
from common.members import request_person
from common.models import PUBLIC_ID_PATTERN
from common.schema import error_responses
from licensing.api.permissions import IsBuyer
from newsroom.api.ninjs import FeedQuerySerializer, FeedSerializer, feed_params, feed_response
from newsroom.models import NOTIFY_CHANNELS, SavedSearch, SavedSearchMatch
from newsroom.saved_searches.feed import saved_search_feed_assets
from newsroom.saved_searches.query import LONGEST_VALUE, QueryError, query_clean
from newsroom.saved_searches.services import (
    SavedSearchError,
    name_clean,
    saved_search_create,
    saved_search_delete,
    saved_search_update,
)

QUERY_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "description": "The assets list's filters (GET /api/v1/assets/), as its query string "
    "holds them; unknown filters and bad values are refused (400). `ordering` is checked "
    "but not kept: alerts come as clips arrive and the feed has its own order.",
    "properties": {
        "search": {"type": "string", "maxLength": LONGEST_VALUE},
        "category": {"type": "string", "maxLength": LONGEST_VALUE},
        "tag": {"type": "string", "maxLength": LONGEST_VALUE},
        "partner": {"type": "string", "maxLength": LONGEST_VALUE},
        "duration_min": {"type": "integer", "minimum": 0},
        "duration_max": {"type": "integer", "minimum": 0},
        "recorded_after": {"type": "string", "format": "date"},
        "recorded_before": {"type": "string", "format": "date"},
        "ordering": {"type": "string", "enum": [name for name, _ in ORDERING_CHOICES]},
    },
}


WHOLE_NUMBERS = {
    name for name, spec in QUERY_SCHEMA["properties"].items() if spec["type"] == "integer"
}


def _typed_as_documented(query) -> dict[str, list[str]]:
    """JSON types the schema gives: whole numbers for durations, text for the rest (a query
    string knows no types; the site's forms send text, which query_clean reads)."""
    problems = {}
    for name, value in query.items() if isinstance(query, dict) else ():
        if name not in QUERY_SCHEMA["properties"]:
            continue  # query_clean names the filters it does not know
        if name in WHOLE_NUMBERS and (isinstance(value, bool) or not isinstance(value, int)):
            problems[name] = [f"{name} takes a whole number."]
        elif name not in WHOLE_NUMBERS and not isinstance(value, str):
            problems[name] = [f"{name} takes text."]
    return problems


@extend_schema_field(QUERY_SCHEMA)
class QueryField(serializers.JSONField):
    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        try:
            problems = _typed_as_documented(data)
            if problems:
                raise QueryError(problems)
            return query_clean(data)
        except QueryError as error:
            raise ValidationError(error.problems) from None

    def to_representation(self, value):
        return {k: int(v) if k in WHOLE_NUMBERS else v for k, v in value.items()}


class SavedSearchInputSerializer(serializers.Serializer):
    name = StringField(max_length=200, help_text="What the buyer calls it.")
    query = QueryField(help_text=QUERY_SCHEMA["description"])
    notify = serializers.ListField(
        child=serializers.ChoiceField(choices=NOTIFY_CHANNELS),
        max_length=len(NOTIFY_CHANNELS),
        default=list,
        help_text="webhook: one saved_search.matched event per new clip; email: a digest to "
        "the person who saved it. Empty: the feed only.",
    )

    def validate_name(self, value):
        try:
            return name_clean(value)
        except SavedSearchError as error:
            raise ValidationError(error.message) from None


class SavedSearchSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    query = QueryField()
    notify = serializers.ListField(child=serializers.ChoiceField(choices=NOTIFY_CHANNELS))
    url = serializers.SerializerMethodField()
    feed = serializers.SerializerMethodField()
    matches = serializers.SerializerMethodField()

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "query", "notify", "created_at", "url", "feed", "matches"]

    def _link(self, saved, name) -> str:
        path = reverse(name, kwargs={"public_id": saved.public_id})
        return absolute_url(self.context.get("request"), path)

    def get_url(self, saved) -> str:
        return self._link(saved, "api:saved-search-detail")

    def get_feed(self, saved) -> str:
        return self._link(saved, "api:saved-search-feed")

    def get_matches(self, saved) -> str:
        return self._link(saved, "api:saved-search-matches")


class SavedSearchMatchSerializer(serializers.ModelSerializer):
    asset = serializers.CharField(source="asset.public_id")
    title = serializers.CharField(source="asset.title")

    class Meta:
        model = SavedSearchMatch
        fields = ["asset", "title", "matched_at", "webhook_sent_at", "emailed_at"]


def refused(error: SavedSearchError):
    return ValidationError({error.field: [error.message]}, code=error.code)


class SavedSearchViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The buyer organisation's saved searches: the assets list's filters, kept, with alerts
    (a saved_search.matched webhook event and/or an e-mail digest) when a matching clip becomes
    visible in the buyer's territory, once per clip; each is also a ninjs feed."""

    permission_classes = [IsBuyer]
    serializer_class = SavedSearchSerializer
    lookup_field = "public_id"
    lookup_value_regex = PUBLIC_ID_PATTERN
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SavedSearch.objects.none()
        return SavedSearch.objects.filter(buyer=self.request.buyer).select_related("buyer")

    @extend_schema(request=SavedSearchInputSerializer, responses={201: SavedSearchSerializer})
    def create(self, request, *args, **kwargs):
        payload = SavedSearchInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            saved = saved_search_create(
                buyer=request.buyer,
                created_by=request_person(request),
                **payload.validated_data,
            )
        except SavedSearchError as error:
            raise refused(error) from None
        body = self.get_serializer(saved).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    @extend_schema(
        request=SavedSearchInputSerializer(partial=True), responses={200: SavedSearchSerializer}
    )
    def partial_update(self, request, *args, **kwargs):
        saved = self.get_object()
        payload = SavedSearchInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        try:
            saved = saved_search_update(saved_search=saved, **payload.validated_data)
        except SavedSearchError as error:
            raise refused(error) from None
        return Response(self.get_serializer(saved).data)

    def perform_destroy(self, instance):
        saved_search_delete(saved_search=instance)

    @extend_schema(responses={200: SavedSearchMatchSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def matches(self, request, public_id=None):
        """The clips this saved search announced, latest first."""
        saved = self.get_object()
        matches = SavedSearchMatch.objects.filter(saved_search=saved).select_related("asset")
        page = self.paginate_queryset(matches.order_by("-matched_at", "-id"))
        return self.get_paginated_response(SavedSearchMatchSerializer(page, many=True).data)

    @extend_schema(
        parameters=[FeedQuerySerializer],
        responses={
            200: FeedSerializer,
            **error_responses(
                {404: "No such saved search, or the cursor names no page this server made."}
            ),
        },
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def feed(self, request, public_id=None):
        """The ninjs feed (GET /api/v1/feed/ninjs/: the same items, order, cursor and kill
        notices) kept to what this saved search's query finds; poll `next` for what changed."""
        saved = self.get_object()
        params = feed_params(request, {*FeedQuerySerializer().fields, "format"})
        return feed_response(request, saved_search_feed_assets(saved, request), params)
