"""What the partner clips API reads and writes: a submission, an edit of a returned clip, the
restriction controls, and a clip as its partner sees it."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import VideoAsset
from catalog.models.assets import LONGEST_CLIP_TEXT
from common.fields import StringField
from common.links import absolute_url
from common.models import PUBLIC_ID_PATTERN
from footage.api.serializers import (
    CaptureSerializer,
    PartnerDuplicateSerializer,
    ProvenanceSerializer,
)
from footage.evidence.summary import partner_duplicates, verification_summary
from ledger.selectors import AssetSales
from partners.api.uses import PartnerUsageSerializer, clip_usages
from partners.restriction_controls import MOST_TERRITORIES, TERRITORY_MODES
from partners.services.submissions import MOST_CATEGORIES, MOST_TAGS
from rights.parser import LONGEST_TEXT


class StrictBooleanField(serializers.BooleanField):
    """true or false, as JSON says it: DRF's BooleanField would take "yes" or 1."""

    default_error_messages = {"not_a_boolean": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("not_a_boolean")
        return data


def upload_id_field(**extra):
    return serializers.RegexField(
        rf"^{PUBLIC_ID_PATTERN}$",
        error_messages={"invalid": "An upload's id is 12 letters and digits."},
        **extra,
    )


# --- input -------------------------------------------------------------------------------


class RestrictionControlsSerializer(serializers.Serializer):
    territory_mode = serializers.ChoiceField(
        choices=TERRITORY_MODES,
        default="none",
        help_text="none: anywhere; deny: everywhere except `territories`; allow: only in them.",
    )
    territories = serializers.ListField(
        child=StringField(max_length=100),
        max_length=MOST_TERRITORIES,
        default=list,
        help_text="ISO codes (CN, HK), names (Chinese mainland, UK) or groups (EU, Europe).",
    )
    embargo_until = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Nobody may use the clip before this moment (UTC unless an offset is given).",
    )
    editorial_only = StrictBooleanField(default=False, help_text="No commercial use.")
    no_social_media = StrictBooleanField(default=False, help_text="No use on social media.")
    use_until = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Nobody may use the clip from this moment on (UTC unless an offset is given).",
    )
    max_seconds = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=3600,
        help_text="The most footage a buyer may use, in seconds (a duty on the licence).",
    )


class RestrictionCompileSerializer(serializers.Serializer):
    text = StringField(
        required=False,
        allow_blank=True,
        max_length=LONGEST_TEXT,
        help_text="Restriction text as written, e.g. “No access Chinese mainland/Hong Kong”.",
    )
    controls = RestrictionControlsSerializer(
        required=False, help_text="Or the controls, which write the text."
    )

    def validate(self, data):
        if ("text" in data) == ("controls" in data):
            raise serializers.ValidationError("Send either `text` or `controls`, not both.")
        return data


class RightsSerializer(serializers.Serializer):
    filmed_by_submitter = StrictBooleanField(
        help_text="You filmed this footage yourself (or hold all the rights to it)."
    )
    people_consented = StrictBooleanField(
        help_text="The people who can be recognised in it agreed to be filmed."
    )
    release_form = upload_id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="A finished upload of a signed release form (PDF or image), if you have one.",
    )


class ClipFieldsSerializer(serializers.Serializer):
    """The fields a partner writes, shared by a submission and an edit."""

    title = StringField(max_length=300)
    description = StringField(max_length=LONGEST_CLIP_TEXT, allow_blank=True, default="")
    shotlist = StringField(max_length=LONGEST_CLIP_TEXT, allow_blank=True, default="")
    location_name = StringField(max_length=200, allow_blank=True, default="")
    location_country = serializers.ChoiceField(
        # The model field's own choices: the schema then names one enum for both.
        choices=VideoAsset._meta.get_field("location_country").choices,
        allow_blank=True,
        default="",
        help_text="ISO code.",
    )
    recorded_at = serializers.DateField(required=False, allow_null=True, default=None)
    categories = serializers.ListField(
        child=serializers.SlugField(max_length=100),
        max_length=MOST_CATEGORIES,
        default=list,
        help_text="Category slugs (GET /api/v1/categories/).",
    )
    tags = serializers.ListField(
        child=StringField(max_length=50), max_length=MOST_TAGS, default=list
    )
    restrictions = StringField(
        max_length=LONGEST_TEXT,
        allow_blank=True,
        required=False,
        help_text="Restriction text; check it with POST /api/v1/partner/restrictions/compile/.",
    )
    restriction_controls = RestrictionControlsSerializer(
        required=False, help_text="Or the controls, which write the restriction text."
    )

    def validate(self, data):
        if "restrictions" in data and "restriction_controls" in data:
            raise serializers.ValidationError(
                "Send either `restrictions` or `restriction_controls`, not both."
            )
        return data


class ClipCreateSerializer(ClipFieldsSerializer):
    upload = upload_id_field(help_text="The finished upload (tus, /api/v1/uploads/) of the master.")
    rights = RightsSerializer(help_text="Your rights attestation; both must be true.")


class ClipUpdateSerializer(ClipFieldsSerializer):
    """An edit of a clip returned to you: any of the fields; the rest stay as they are."""


# --- output ------------------------------------------------------------------------------


class RenditionProgressSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="poster, thumb_small, thumb_medium, thumb_large, preview"
    )
    status = serializers.CharField(help_text="pending, running, done or failed")
    progress = serializers.IntegerField(help_text="Percent done.")
    error = serializers.CharField(help_text="Why it failed; empty otherwise.")


class MoneySerializer(serializers.Serializer):
    currency = serializers.CharField(help_text="ISO 4217.")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)


class AttestationSerializer(serializers.Serializer):
    filmed_by_submitter = serializers.BooleanField()
    people_consented = serializers.BooleanField()
    release_form = serializers.BooleanField(help_text="Whether a signed release form was sent.")
    submitted_at = serializers.DateTimeField()


class PartnerClipSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    status_label = serializers.CharField(source="get_status_display")
    review_note = serializers.SerializerMethodField(
        help_text="What staff asked you to change when they last returned it; null if never."
    )
    duration = serializers.CharField(help_text='"MM:SS" or "H:MM:SS", from the file.')
    location_country = serializers.CharField(
        source="location_country.code", help_text="ISO code; empty when not given."
    )
    categories = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField()
    sales = serializers.SerializerMethodField(help_text="Licences sold (refunds not taken off).")
    refunds = serializers.SerializerMethodField()
    earnings = serializers.SerializerMethodField(
        help_text="Your share of its sales less refunds, per currency."
    )
    attestation = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="This clip in the partner API.")
    page_url = serializers.SerializerMethodField(help_text="The clip page, once published.")

    class Meta:
        model = VideoAsset
        fields = [
            "id",
            "title",
            "status",
            "status_label",
            "review_note",
            "description",
            "shotlist",
            "location_name",
            "location_country",
            "recorded_at",
            "categories",
            "tags",
            "duration",
            "duration_seconds",
            "width",
            "height",
            "frame_rate",
            "restrictions",
            "restrictions_error",
            "renditions",
            "sales",
            "refunds",
            "earnings",
            "attestation",
            "created_at",
            "updated_at",
            "published_at",
            "url",
            "page_url",
        ]

    def get_review_note(self, asset) -> str | None:
        returned = getattr(asset, "returned_decisions", None)
        return returned[0].note if returned else None

    def get_categories(self, asset) -> list[str]:
        return [category.slug for category in asset.categories.all()]

    def get_tags(self, asset) -> list[str]:
        return sorted(tag.name for tag in asset.tags.all())

    @extend_schema_field(RenditionProgressSerializer(many=True))
    def get_renditions(self, asset):
        return [
            {"kind": r.kind, "status": r.status, "progress": r.progress, "error": r.error}
            for r in sorted(asset.renditions.all(), key=lambda r: r.kind)
        ]

    def _sales(self, asset) -> AssetSales:
        return self.context["sales"].get(asset.pk, AssetSales())

    def get_sales(self, asset) -> int:
        return self._sales(asset).sales

    def get_refunds(self, asset) -> int:
        return self._sales(asset).refunds

    @extend_schema_field(MoneySerializer(many=True))
    def get_earnings(self, asset):
        earnings = self._sales(asset).earnings
        return [
            {"currency": currency, "amount": f"{amount:.2f}"}
            for currency, amount in sorted(earnings.items())
        ]

    @extend_schema_field(AttestationSerializer(allow_null=True))
    def get_attestation(self, asset):
        try:
            attestation = asset.rights_attestation
        except VideoAsset.rights_attestation.RelatedObjectDoesNotExist:
            return None
        return {
            "filmed_by_submitter": attestation.filmed_by_submitter,
            "people_consented": attestation.people_consented,
            "release_form": bool(attestation.release_form),
            "submitted_at": serializers.DateTimeField().to_representation(attestation.submitted_at),
        }

    def get_url(self, asset) -> str:
        path = reverse("api:partner-clip-detail", kwargs={"public_id": asset.public_id})
        return absolute_url(self.context.get("request"), path)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_page_url(self, asset) -> str | None:
        if not asset.is_published:
            return None
        return absolute_url(self.context.get("request"), asset.get_absolute_url())


class ClipVerificationSerializer(serializers.Serializer):
    provenance = ProvenanceSerializer()
    capture = CaptureSerializer()


class PartnerClipDetailSerializer(PartnerClipSerializer):
    """One clip, with what its file says (docs/verification.md): its Content Credentials, its
    capture metadata against your claims, and the clips it matches that you may know of (yours
    and published ones); and the latest uses buyers reported of it."""

    verification = serializers.SerializerMethodField()
    duplicates = serializers.SerializerMethodField()
    usages = serializers.SerializerMethodField()

    class Meta(PartnerClipSerializer.Meta):
        fields = [*PartnerClipSerializer.Meta.fields, "verification", "duplicates", "usages"]

    @extend_schema_field(ClipVerificationSerializer)
    def get_verification(self, asset):
        summary = verification_summary(asset)
        return ClipVerificationSerializer(
            {"provenance": summary["provenance"], "capture": summary["capture"]}
        ).data

    @extend_schema_field(PartnerDuplicateSerializer(many=True))
    def get_duplicates(self, asset):
        return PartnerDuplicateSerializer(partner_duplicates(asset), many=True).data

    @extend_schema_field(PartnerUsageSerializer(many=True))
    def get_usages(self, asset):
        return clip_usages(asset)


class RestrictionCheckSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The text as sent, or as the controls wrote it.")
    canonical = serializers.CharField(
        help_text="The same restrictions as the compiler writes them; empty for none."
    )
    rules = serializers.ListField(
        child=serializers.CharField(), help_text="One sentence per rule, as buyers read them."
    )
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="What each rule means, in plain words."
    )
