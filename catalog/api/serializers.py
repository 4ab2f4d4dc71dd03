"""Output serializers, one per operation; they translate, they decide nothing."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.formats import TIERS, asset_offers, ready_codes
from catalog.markdown import clean_html
from catalog.models import Category, ContentPartner, Story, Tag, VideoAsset
from common.links import absolute_url
from common.query import QuerySerializer
from rights import PLATFORMS, USES, RestrictionError
from rights.registry import load as territory_registry


class PartnerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContentPartner
        fields = ["id", "name", "slug"]


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["slug", "name"]


class _UrlPattern:
    """reverse() once per serializer, then fill in each item: reverse() per row was a fifth of
    the list endpoint's time."""

    def __init__(self, view_name: str, *kwarg_names: str):
        self.view_name = view_name
        self.kwarg_names = kwarg_names

    def __set_name__(self, owner, name):
        self.cache_name = f"_{name}_template"

    def build(self, serializer, **values) -> str:
        template = getattr(serializer, self.cache_name, None)
        if template is None:
            # Markers that satisfy the URL patterns (12 lowercase letters and digits).
            markers = {name: f"{i}qqmarkerqqq" for i, name in enumerate(self.kwarg_names)}
            template = absolute_url(
                serializer.context.get("request"), reverse(self.view_name, kwargs=markers)
            )
            for name, marker in markers.items():
                template = template.replace(marker, "{" + name + "}")
            setattr(serializer, self.cache_name, template)
        return template.format(**values)


class AssetSummarySerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", read_only=True)
    duration = serializers.CharField(
        read_only=True, help_text='"MM:SS", or "H:MM:SS" past an hour.'
    )
    url = serializers.SerializerMethodField(help_text="This asset in the API.")
    page_url = serializers.SerializerMethodField(help_text="The clip page on the website.")

    api_url_pattern = _UrlPattern("api:asset-detail", "public_id")
    page_url_pattern = _UrlPattern("catalog:clip", "public_id", "slug")

    class Meta:
        model = VideoAsset
        fields = ["id", "title", "duration", "duration_seconds", "url", "page_url"]

    def get_url(self, asset) -> str:
        return self.api_url_pattern.build(self, public_id=asset.public_id)

    def get_page_url(self, asset) -> str:
        return self.page_url_pattern.build(self, public_id=asset.public_id, slug=asset.slug)


class AssetListSerializer(AssetSummarySerializer):
    restrictions = serializers.CharField(
        read_only=True, help_text="Exactly as the content partner supplied it."
    )
    # Related objects as plain dicts: nested serializers cost more than the queries here.
    partner = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    poster = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()

    class Meta(AssetSummarySerializer.Meta):
        fields = [
            *AssetSummarySerializer.Meta.fields,
            "restrictions",
            "partner",
            "categories",
            "tags",
            "poster",
            "thumbnail",
            "status",
            "published_at",
        ]

    @extend_schema_field(PartnerRefSerializer)
    def get_partner(self, asset) -> dict:
        partner = asset.partner
        return {"id": partner.pk, "name": partner.name, "slug": partner.slug}

    @extend_schema_field(CategoryRefSerializer(many=True))
    def get_categories(self, asset) -> list[dict]:
        return [{"slug": c.slug, "name": c.name} for c in asset.categories.all()]

    @extend_schema_field(TagSerializer(many=True))
    def get_tags(self, asset) -> list[dict]:
        return [{"slug": t.slug, "name": t.name} for t in asset.tags.all()]

    def _media(self, url: str | None) -> str | None:
        return absolute_url(self.context.get("request"), url) if url else None

    def get_poster(self, asset) -> str | None:
        return self._media(asset.poster_url)

    def get_thumbnail(self, asset) -> str | None:
        return self._media(asset.thumbnail_url)


class LocationSerializer(serializers.Serializer):
    name = serializers.CharField(source="location_name")
    country = serializers.CharField(source="location_country.code")
    country_name = serializers.CharField(source="location_country.name")


class StoryRefSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Story
        fields = ["slug", "title", "summary", "published_at", "url"]

    def get_url(self, story) -> str:
        path = reverse("api:story-detail", kwargs={"slug": story.slug})
        return absolute_url(self.context.get("request"), path)


class FormatSerializer(serializers.Serializer):
    format = serializers.CharField(source="code", help_text="The name to ask a download link for.")
    label = serializers.CharField(source="profile.label")
    container = serializers.CharField(
        source="profile.container", help_text="mp4, mov or mxf; empty for the original."
    )
    video_codec = serializers.CharField(source="profile.video_codec")
    audio_codec = serializers.CharField(source="profile.audio_codec")
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    frame_rate = serializers.SerializerMethodField()
    tier = serializers.ChoiceField(
        choices=TIERS, help_text="The resolution tier a licence must be at to download it."
    )
    ready = serializers.SerializerMethodField(
        help_text="Prepared already: a download link answers 200 at once (else 202 while it is "
        "made)."
    )

    def get_frame_rate(self, offer) -> float | None:
        return round(float(offer.frame_rate), 3) if offer.frame_rate else None

    def get_ready(self, offer) -> bool:
        return offer.code in self.context["ready"]


class AssetDetailSerializer(AssetListSerializer):
    location = LocationSerializer(source="*", read_only=True)
    stories = StoryRefSerializer(many=True, read_only=True)
    duties = serializers.SerializerMethodField(
        help_text="Obligations the restrictions put on a licensee (credits, no archive, …)."
    )
    preview = serializers.SerializerMethodField(
        help_text="A watermarked 360p H.264/AAC preview, once it has been made."
    )
    formats = serializers.SerializerMethodField(
        help_text="The delivery formats a licensee can download (docs/delivery.md); the "
        "original's container and codecs are the master's own."
    )

    class Meta(AssetListSerializer.Meta):
        fields = [
            *AssetListSerializer.Meta.fields,
            "description",
            "shotlist",
            "recorded_at",
            "location",
            "width",
            "height",
            "frame_rate",
            "duties",
            "preview",
            "formats",
            "stories",
        ]

    def get_preview(self, asset) -> str | None:
        return self._media(asset.preview_url)

    @extend_schema_field(FormatSerializer(many=True))
    def get_formats(self, asset) -> list[dict]:
        context = {**self.context, "ready": ready_codes(asset)}
        return FormatSerializer(asset_offers(asset), many=True, context=context).data

    def get_duties(self, asset) -> list[str]:
        try:
            return list(asset.restriction_set().duties)
        except RestrictionError:
            return []


UNKNOWN_TERRITORY = "XX"


class AvailabilityQuerySerializer(QuerySerializer):
    territory = serializers.CharField(
        required=False,
        help_text="ISO 3166-1 code or name (CN, GB, “United Kingdom”); XX for unknown. "
        "Defaults to the territory of the request.",
    )
    at = serializers.DateTimeField(required=False, help_text="ISO 8601; defaults to now.")
    use = serializers.ChoiceField(choices=USES, required=False)
    platform = serializers.ChoiceField(choices=PLATFORMS, required=False)

    def validate_territory(self, value):
        if value.strip().upper() == UNKNOWN_TERRITORY:
            return None
        code = territory_registry().territory(value)
        if code is None:
            raise serializers.ValidationError(
                f"“{value}” is not an ISO 3166-1 territory code or name we know; "
                "use XX for an unknown territory."
            )
        return code


class AvailabilitySerializer(serializers.Serializer):
    asset = serializers.CharField()
    territory = serializers.CharField(allow_null=True)
    territory_name = serializers.CharField()
    at = serializers.DateTimeField()
    use = serializers.CharField(allow_null=True)
    platform = serializers.CharField(allow_null=True)
    allowed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    duties = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())
    restrictions = serializers.CharField()
    note = serializers.CharField()


class UnavailableSerializer(serializers.Serializer):
    detail = serializers.CharField()
    territory = serializers.CharField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class PartnerSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    profile_image = serializers.SerializerMethodField()
    cover_image = serializers.SerializerMethodField()
    asset_count = serializers.IntegerField(read_only=True, help_text="Published assets.")

    class Meta:
        model = ContentPartner
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "country",
            "bio",
            "verified",
            "profile_image",
            "cover_image",
            "asset_count",
        ]

    def _image(self, image) -> str | None:
        return absolute_url(self.context.get("request"), image.url) if image else None

    def get_profile_image(self, partner) -> str | None:
        return self._image(partner.profile_image)

    def get_cover_image(self, partner) -> str | None:
        return self._image(partner.cover_image)


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="null for a top category."
    )

    class Meta:
        model = Category
        fields = ["slug", "name", "parent", "description"]


class StoryDetailSerializer(StoryRefSerializer):
    body_html = serializers.SerializerMethodField(
        help_text="The Markdown body as HTML, sanitised (rendered when the story was saved)."
    )
    related_assets = AssetSummarySerializer(many=True, read_only=True)

    class Meta(StoryRefSerializer.Meta):
        fields = [*StoryRefSerializer.Meta.fields, "body", "body_html", "related_assets"]

    @extend_schema_field(serializers.CharField())
    def get_body_html(self, story) -> str:
        return str(clean_html(story.body_html))
