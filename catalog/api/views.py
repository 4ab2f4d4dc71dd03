from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from rest_framework import viewsets

from catalog.api.filters import AssetFilter, PartnerFilter, TagFilter
from catalog.api.serializers import (
    AssetDetailSerializer,
    AssetListSerializer,
    CategorySerializer,
    PartnerSerializer,
    StoryDetailSerializer,
    StoryRefSerializer,
    TagSerializer,
)
from catalog.models import (
    PUBLIC_ID_PATTERN,
    SLUG_PATTERN,
    AssetStatus,
    Category,
    ContentPartner,
    Story,
    Tag,
    VideoAsset,
)


class AssetViewSet(viewsets.ReadOnlyModelViewSet):
    """Licensable clips. Only published clips are listed, except to staff."""

    lookup_field = "public_id"
    lookup_value_regex = PUBLIC_ID_PATTERN
    filterset_class = AssetFilter

    def get_queryset(self):
        assets = VideoAsset.objects.visible_to(self.request.user)
        if self.action == "retrieve":
            stories = Story.objects.visible_to(self.request.user)
            return assets.with_relations().prefetch_related(Prefetch("stories", queryset=stories))
        return assets.for_listing()

    def get_serializer_class(self):
        return AssetDetailSerializer if self.action == "retrieve" else AssetListSerializer


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """Content partners: the filmers, agencies and broadcasters who supply the footage."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter

    def get_queryset(self):
        published = Q(assets__status=AssetStatus.PUBLISHED)
        partners = ContentPartner.objects.annotate(asset_count=Count("assets", filter=published))
        return partners.order_by("name", "id")  # GROUP BY drops Meta.ordering


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = CategorySerializer
    queryset = Category.objects.select_related("parent")


class TagViewSet(viewsets.ReadOnlyModelViewSet):
    """Tags on published clips (staff see every tag): a tag used only by an unreleased clip
    would give that clip away."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = TagSerializer
    filterset_class = TagFilter

    def get_queryset(self):
        tags = Tag.objects.all()
        if self.request.user.is_staff:
            return tags
        published = VideoAsset.tags.through.objects.filter(
            tag_id=OuterRef("pk"), videoasset__status=AssetStatus.PUBLISHED
        )
        return tags.filter(Exists(published))


class StoryViewSet(viewsets.ReadOnlyModelViewSet):
    """ "From the blog": stories about the footage and the trade."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        user = self.request.user
        stories = Story.objects.visible_to(user)
        if self.action == "retrieve":
            related = VideoAsset.objects.visible_to(user).order_by("title")
            stories = stories.prefetch_related(Prefetch("related_assets", queryset=related))
        return stories

    def get_serializer_class(self):
        return StoryDetailSerializer if self.action == "retrieve" else StoryRefSerializer
