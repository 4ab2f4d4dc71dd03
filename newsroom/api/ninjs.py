"""ninjs 2.2 items, the ninjs feed and ODRL rights: what buyers' newsroom systems ingest.

GET /api/v1/assets/{id}/ninjs/ and /rights/ answer whoever may see /api/v1/assets/{id}/ (404
for a clip not published, 451 where its restrictions keep it from the request's territory),
and also answer a withdrawn clip's kill notice to a buyer who licensed it.
"""

from django.utils import timezone
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from catalog.api.serializers import UnavailableSerializer
from catalog.api.views import refused_here
from catalog.models import AssetStatus, VideoAsset
from common.access import sees_everything
from common.filters import StrictFilterBackend, value_problems
from common.keyset import CursorError
from common.query import QuerySerializer
from common.responses import UNAVAILABLE_FOR_LEGAL_REASONS
from common.schema import ApiSchema, error_responses
from licensing.models import License
from licensing.site import request_buyer
from newsroom.feed import (
    FEED_MAX_PAGE_SIZE,
    FEED_PAGE_SIZE,
    FeedFilter,
    decode_cursor,
    encode_cursor,
    feed_assets,
    feed_page,
)
from newsroom.ninjs import asset_ninjs, asset_policy

NINJS_DESCRIPTION = (
    "One IPTC ninjs 2.2 object (News in JSON) that validates against IPTC's schema "
    "https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json: uri (a stable URN), type video, "
    "version, firstcreated, versioncreated, contentcreated, pubstatus (usable; canceled once "
    "withdrawn, a kill notice), embargoed, headlines, descriptions (roles summary and shotlist), "
    "by, copyrightholder, located, places, subjects, renditions (poster, thumbnails, "
    "watermarked preview; never the master), usageterms and rightsinfo (the ODRL policy of "
    "/rights/ in encodedrights)."
)
UNAVAILABLE = OpenApiResponse(
    UnavailableSerializer,
    description="The clip's restrictions keep it from the request's territory.",
)


class JsonLdRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class VisibleItemMixin:
    """Finds the clip as /api/v1/assets/{id}/ would, plus withdrawn clips for licensees."""

    lookup_field = "public_id"
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return (
            VideoAsset.objects.with_relations().select_related("evidence").defer("search_document")
        )

    def visible_asset(self, request, public_id):
        """(asset, None) when the caller may see it, else (None, the refusal to answer)."""
        asset = self.get_queryset().filter(public_id=public_id).first()
        if asset is None:  # the same answer as for a clip not published: ids tell nothing
            raise NotFound("No clip is at this address.")
        if sees_everything(request.user):
            return asset, None
        if asset.status == AssetStatus.WITHDRAWN and self._licensed(request, asset):
            return asset, None  # the kill notice reaches its licensees wherever they are
        if asset.status != AssetStatus.PUBLISHED:
            raise NotFound("No clip is at this address.")
        refusal = refused_here(request, asset)
        return (None, refusal) if refusal is not None else (asset, None)

    def _licensed(self, request, asset) -> bool:
        buyer = request_buyer(request)
        return buyer is not None and License.objects.filter(buyer=buyer, asset=asset).exists()


class AssetNinjsView(VisibleItemMixin, GenericAPIView):
    @extend_schema(
        operation_id="assets_ninjs_retrieve",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description=NINJS_DESCRIPTION),
            UNAVAILABLE_FOR_LEGAL_REASONS: UNAVAILABLE,
        },
        description="The clip as one IPTC ninjs 2.2 item.",
    )
    def get(self, request, public_id):
        asset, refusal = self.visible_asset(request, public_id)
        if refusal is not None:
            return refusal
        return Response(asset_ninjs(asset, request=request, at=timezone.now()))


class AssetRightsView(VisibleItemMixin, GenericAPIView):
    renderer_classes = [JsonLdRenderer, JSONRenderer]

    @extend_schema(
        operation_id="assets_rights_retrieve",
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="The clip's rights as a W3C ODRL 2.2 policy in JSON-LD (IPTC "
                "RightsML): the same policy the ninjs item carries in "
                "rightsinfo.encodedrights. It expands without fetching anything.",
            ),
            UNAVAILABLE_FOR_LEGAL_REASONS: UNAVAILABLE,
        },
        description="What the clip's restrictions allow, machine-readable (ODRL 2.2).",
    )
    def get(self, request, public_id):
        asset, refusal = self.visible_asset(request, public_id)
        if refusal is not None:
            return refusal
        return Response(asset_policy(asset, at=timezone.now()))

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors keep the API's one JSON shape and type; only the policy is JSON-LD.
        if response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class FeedQuerySerializer(QuerySerializer):
    cursor = serializers.CharField(
        required=False, help_text="Where to go on from: take it from the previous `next`."
    )
    since = serializers.DateTimeField(
        required=False,
        help_text="Without a cursor: start with items versioned at or after this instant "
        "(ISO 8601), rather than from the beginning of the catalogue.",
    )
    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=FEED_MAX_PAGE_SIZE,
        help_text=f"Items per page, 1 to {FEED_MAX_PAGE_SIZE} (default {FEED_PAGE_SIZE}).",
    )


class FeedSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=serializers.DictField(), help_text=f"ninjs 2.2 items. {NINJS_DESCRIPTION}"
    )
    next = serializers.URLField(
        help_text="Poll this next, always: it answers what changed after the last item here "
        "(an empty page keeps the same place until something new settles)."
    )


class FeedSchema(ApiSchema):
    """The feed is one object, not a list, yet takes the assets list's filters: say so."""

    def get_filter_backends(self):
        return list(self.view.filter_backends)


class NinjsFeedView(GenericAPIView):
    """New and changed clips as ninjs items, oldest change first, for polling."""

    schema = FeedSchema()
    queryset = VideoAsset.objects.all()
    filterset_class = FeedFilter
    filter_backends = [StrictFilterBackend]
    pagination_class = None

    @extend_schema(
        operation_id="feed_ninjs",
        parameters=[FeedQuerySerializer],
        responses={
            200: FeedSerializer,
            **error_responses({404: "The cursor names no page this server made."}),
        },
        description="Every new or changed clip once, in versioncreated order (a lifted "
        "embargo counts as a change), as ninjs 2.2 items; withdrawals come as kill notices "
        "(pubstatus canceled). Only what the request's territory may see, plus kill notices of "
        "clips the caller's buyer licensed. Poll `next` (every few seconds to minutes): it is "
        "always present. Items appear a few seconds (FEED_SETTLE_SECONDS) after a change, so "
        "that no change is ever skipped. Takes the assets list's filters.",
    )
    def get(self, request):
        known = {*FeedFilter.base_filters, *FeedQuerySerializer().fields, "format"}
        params = feed_params(request, known)
        assets = feed_assets(
            user=request.user, territory=request.territory, buyer=request_buyer(request)
        )
        filterset = FeedFilter(request.query_params, queryset=assets, request=request)
        problems = value_problems(filterset, request.query_params)
        if problems or not filterset.is_valid():
            raise ValidationError(problems or filterset.errors)
        return feed_response(request, filterset.qs, params)


def feed_params(request, known: set[str]) -> dict:
    """The feed's paging parameters (`cursor`, `since`, `limit`); 400 for a parameter not in
    `known`, 404 for a cursor this server did not make."""
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ValidationError(
            {name: [f"{name}= is not a parameter of the feed."] for name in unknown}
        )
    data = FeedQuerySerializer.validated(request)
    params = {"limit": data.get("limit", FEED_PAGE_SIZE)}
    if "cursor" in data:
        try:
            params["after"] = decode_cursor(data["cursor"])
        except CursorError as error:
            # As the lists answer a cursor they cannot place: it names no page.
            raise NotFound(f"There is no such page. {error}") from None
    elif "since" in data:
        params["after"] = (data["since"], 0)
    return params


def feed_response(request, assets, params: dict) -> Response:
    """One page of a feed of `assets` (newsroom.feed.feed_assets, filtered): ninjs items and
    `next`, which is always there so that a client keeps polling it."""
    now = timezone.now()
    page = feed_page(assets, after=params.get("after"), size=params["limit"], now=now)
    items = [asset_ninjs(asset, request=request, at=now) for asset in page.assets]
    query = request.query_params.copy()
    for name in ("cursor", "since"):
        query.pop(name, None)
    if page.after is not None:
        query["cursor"] = encode_cursor(page.after)
    query_string = urlencode(query, doseq=True)
    next_url = request.build_absolute_uri(
        f"{request.path}?{query_string}" if query_string else request.path
    )
    return Response({"items": items, "next": next_url})
