from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from catalog.api.serializers import (
    AssetDetailSerializer,
    AssetListSerializer,
    AvailabilityQuerySerializer,
    AvailabilitySerializer,
    CategorySerializer,
    PartnerSerializer,
    StoryDetailSerializer,
    StoryRefSerializer,
    TagSerializer,
    UnavailableSerializer,
)
from catalog.counts import kept_count, shown_to
from catalog.filters import AssetFilter, PartnerFilter, TagFilter
from catalog.models import (
    SLUG_PATTERN,
    Category,
    ContentPartner,
    Story,
    Tag,
    VideoAsset,
)
from common.access import sees_everything
from common.models import PUBLIC_ID_PATTERN
from common.responses import UNAVAILABLE_FOR_LEGAL_REASONS, unavailable_sentence
from rights.registry import load as territory_registry


def refused_here(request, asset: VideoAsset) -> Response | None:
    """The 451 answer, with the reasons, when the clip's restrictions keep it from the
    request's territory (staff see everything); None when it may be shown. Every resource of
    one clip answers through this, so none shows what the clip itself would not."""
    if sees_everything(request.user):
        return None
    decision = asset.availability(request.territory)
    if decision.allowed:
        return None
    where = territory_registry().label(request.territory)
    body = {
        "detail": unavailable_sentence(where),
        "territory": request.territory,
        "reasons": list(decision.reasons),
    }
    return Response(body, status=UNAVAILABLE_FOR_LEGAL_REASONS)


class AssetViewSet(viewsets.ReadOnlyModelViewSet):
    """Licensable clips. Lists hold the published clips available in the request's territory
    (staff see all); a clip that exists but is unavailable there answers 451 with the reasons.
    """

    lookup_field = "public_id"
    lookup_value_regex = PUBLIC_ID_PATTERN
    filterset_class = AssetFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no real request
            return VideoAsset.objects.none()
        user = self.request.user
        if self.action == "list":
            return VideoAsset.objects.for_viewer(user, self.request.territory).for_listing()
        assets = VideoAsset.objects.visible_to(user)
        if self.action == "retrieve":
            stories = Story.objects.visible_to(user)
            return assets.with_relations().prefetch_related(Prefetch("stories", queryset=stories))
        return assets

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            request = self.request
            known = kept_count(request.query_params, request.territory, request.user)
            if known is not None:
                queryset.known_count = known  # one partner, category or tag: counted as data
        return queryset

    def get_serializer_class(self):
        return AssetDetailSerializer if self.action == "retrieve" else AssetListSerializer

    @extend_schema(
        responses={
            200: AssetDetailSerializer,
            UNAVAILABLE_FOR_LEGAL_REASONS: OpenApiResponse(
                UnavailableSerializer,
                description="The clip's restrictions keep it from the request's territory.",
            ),
        }
    )
    def retrieve(self, request, *args, **kwargs):
        asset = self.get_object()
        return refused_here(request, asset) or Response(self.get_serializer(asset).data)

    @extend_schema(
        parameters=[AvailabilityQuerySerializer],
        responses={200: AvailabilitySerializer},
        description="What the clip's restrictions mean for a territory, time, use and "
        "platform. Informational: only a license grants a right to use the clip.",
    )
    @action(detail=True, filterset_class=None, pagination_class=None)
    def availability(self, request, public_id=None):
        asset = self.get_object()
        params = AvailabilityQuerySerializer.validated(request)
        territory = params.get("territory", request.territory)
        at = params.get("at") or timezone.now()
        decision = asset.availability(
            territory, at=at, use=params.get("use"), platform=params.get("platform")
        )
        body = {
            "asset": asset.public_id,
            "territory": territory,
            "territory_name": territory_registry().label(territory),
            "at": at,
            "use": params.get("use"),
            "platform": params.get("platform"),
            **decision.as_dict(),
            "restrictions": asset.restrictions,
            "note": "Informational only: a license, bought under these terms, grants use.",
        }
        return Response(AvailabilitySerializer(body).data, status=status.HTTP_200_OK)


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """Content partners: the filmers, agencies and broadcasters who supply the footage. Only
    those with published clips the caller's territory may see now, counted (staff see all)."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter

    def get_queryset(self):
        partners = ContentPartner.objects.order_by("name", "id")
        if getattr(self, "swagger_fake_view", False):  # schema generation: no real request
            return partners
        return shown_to(self.request, partners, name="asset_count")


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Categories holding published clips the caller's territory may see now (staff see all).
    A category counts its sub-categories' clips, so a listed category's parent is listed too.
    """

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = CategorySerializer

    def get_queryset(self):
        categories = Category.objects.select_related("parent")
        if getattr(self, "swagger_fake_view", False):  # schema generation: no real request
            return categories
        return shown_to(self.request, categories)


class TagViewSet(viewsets.ReadOnlyModelViewSet):
    """Tags on published clips the caller's territory may see (staff see every tag): a tag
    used only by a clip hidden from the caller would give that clip away."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = TagSerializer
    filterset_class = TagFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no real request
            return Tag.objects.all()
        return shown_to(self.request, Tag.objects.all())


class StoryViewSet(viewsets.ReadOnlyModelViewSet):
    """ "From the blog": stories about the footage and the trade."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        user = self.request.user
        stories = Story.objects.visible_to(user)
        if self.action == "retrieve":
            related = VideoAsset.objects.for_viewer(user, self.request.territory)
            related = related.order_by("title")
            stories = stories.prefetch_related(Prefetch("related_assets", queryset=related))
        else:
            stories = stories.defer("body", "body_html")  # a list shows neither
        return stories

    def get_serializer_class(self):
        return StoryDetailSerializer if self.action == "retrieve" else StoryRefSerializer
