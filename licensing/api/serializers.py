"""Input and output serializers of the licensing API; they translate, services decide."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.formats import ORIGINAL, PROFILES, TIER_LABELS, TIERS
from common.fields import StringField
from common.links import absolute_url
from licensing.models import License, Order, OrderLine, Usage
from licensing.models.licenses import DOWNLOAD_NOTE_MAX, DOWNLOAD_PROJECT_CODE_MAX
from licensing.models.usages import (
    PLATFORM_CHOICES,
    USAGE_NOTE_MAX,
    USAGE_TITLE_MAX,
    USAGE_URL_MAX,
)
from licensing.services.formats import license_formats
from licensing.services.purchase import MAX_ITEMS

TIER_HELP = "; ".join(f"{tier}: {TIER_LABELS[tier]}" for tier in TIERS)


class OrderItemSerializer(serializers.Serializer):
    asset = serializers.CharField(max_length=12, help_text="A clip's public id.")
    license = serializers.CharField(max_length=30, help_text="editorial, commercial or exclusive.")
    resolution = serializers.ChoiceField(
        choices=TIERS,
        required=False,
        help_text=f"The resolution tier to license ({TIER_HELP}); it prices the licence and "
        "sets the delivery formats it covers. Default: the highest the clip is sold at (its "
        "master's; hd while the master's size is unknown). A tier above the master's is "
        "refused (400). Asking a higher tier of a clip and licence type you already hold "
        "upgrades that licence for the difference in price.",
    )


class OrderCreateSerializer(serializers.Serializer):
    items = OrderItemSerializer(many=True, allow_empty=False, max_length=MAX_ITEMS)
    allow_duplicate = serializers.BooleanField(
        default=False,
        help_text="Buy even when you already hold an active licence of the same type for a "
        "clip; without it such an order is refused (409, code already_licensed).",
    )


class OrderLineSerializer(serializers.ModelSerializer):
    asset = serializers.CharField(source="asset_public_id")
    license = serializers.CharField(source="license_code")
    resolution = serializers.CharField(help_text="The resolution tier sold.")
    license_id = serializers.CharField(
        source="target_license.public_id",
        help_text="The licence this line issued, or for an upgrade the licence it raised.",
    )
    license_url = serializers.SerializerMethodField()
    upgrade_of = serializers.SerializerMethodField(
        help_text="For an upgrade: the licence raised to this line's resolution (the line "
        "costs the difference and issues no licence); null for a new licence."
    )
    upgraded_from = serializers.SerializerMethodField(
        help_text="For an upgrade: the licence's tier before it; null for a new licence."
    )

    class Meta:
        model = OrderLine
        fields = [
            "asset",
            "title",
            "license",
            "license_name",
            "use",
            "exclusive",
            "duration_days",
            "terms",
            "price",
            "currency",
            "restrictions",
            "duties",
            "territory",
            "resolution",
            "license_id",
            "license_url",
            "upgrade_of",
            "upgraded_from",
        ]

    def get_license_url(self, line) -> str:
        path = reverse("api:license-detail", kwargs={"public_id": line.target_license.public_id})
        return absolute_url(self.context.get("request"), path)

    def get_upgrade_of(self, line) -> str | None:
        return line.upgrade_of.public_id if line.upgrade_of_id is not None else None

    def get_upgraded_from(self, line) -> str | None:
        return line.upgraded_from or None


class OrderSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    lines = OrderLineSerializer(many=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "id",
            "status",
            "total",
            "currency",
            "payment_method",
            "territory",
            "created_at",
            "paid_at",
            "refunded_at",
            "lines",
            "url",
        ]

    def get_url(self, order) -> str:
        return absolute_url(self.context.get("request"), order.get_absolute_url())


class DownloadSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    size = serializers.IntegerField(help_text="Bytes sent.")
    territory = serializers.CharField()
    format = serializers.CharField(help_text="The delivery format sent (docs/delivery.md).")
    project_code = serializers.CharField(help_text="As given when the link was made; may be empty.")
    note = serializers.CharField(help_text="As given when the link was made; may be empty.")


class LicensedFormatSerializer(serializers.Serializer):
    format = serializers.CharField(source="code")
    label = serializers.CharField(source="offer.profile.label")
    tier = serializers.CharField(source="offer.tier")
    width = serializers.IntegerField(source="offer.width", allow_null=True)
    height = serializers.IntegerField(source="offer.height", allow_null=True)
    covered = serializers.BooleanField(help_text="The licence's resolution grants it.")
    state = serializers.ChoiceField(
        choices=["ready", "preparing", "failed", "absent"],
        help_text="ready: a download link answers at once; preparing: being made (progress); "
        "failed: could not be made (error); absent: not asked for yet.",
    )
    progress = serializers.IntegerField(help_text="Percent done while preparing.")
    error = serializers.CharField(help_text="Why it could not be made, when it failed.")


class LicenseSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    order = serializers.CharField(source="line.order.public_id")
    asset = serializers.SerializerMethodField()
    license = serializers.CharField(source="line.license_code")
    license_name = serializers.CharField(source="line.license_name")
    use = serializers.CharField(source="line.use")
    terms = serializers.CharField(source="line.terms")
    restrictions = serializers.CharField(source="line.restrictions")
    duties = serializers.ListField(source="line.duties", child=serializers.CharField())
    territory = serializers.CharField(source="line.territory")
    resolution = serializers.CharField(
        help_text="The highest resolution tier the licence covers (web, hd, 4k): the delivery "
        "formats of that tier and below. An upgrade raises it; its term stays."
    )
    state = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    certificate_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    formats = serializers.SerializerMethodField(
        help_text="Every delivery format of the clip: whether the licence covers it and where "
        "its file stands (docs/delivery.md)."
    )
    downloads = DownloadSerializer(many=True, read_only=True)

    class Meta:
        model = License
        fields = [
            "id",
            "order",
            "asset",
            "license",
            "license_name",
            "use",
            "exclusive",
            "terms",
            "restrictions",
            "duties",
            "territory",
            "resolution",
            "starts_at",
            "ends_at",
            "state",
            "revoked_at",
            "revoke_reason",
            "verification_code",
            "verify_url",
            "certificate_url",
            "formats",
            "downloads",
            "url",
        ]

    def get_asset(self, license) -> dict:
        return {"id": license.line.asset_public_id, "title": license.line.title}

    @extend_schema_field(LicensedFormatSerializer(many=True))
    def get_formats(self, license) -> list[dict]:
        return LicensedFormatSerializer(license_formats(license), many=True).data

    def get_state(self, license) -> str:
        if license.revoked_at is not None:
            return "revoked"
        return "active" if license.is_active() else "expired"

    def _url(self, name, license) -> str:
        return absolute_url(
            self.context.get("request"), reverse(name, kwargs={"public_id": license.public_id})
        )

    def get_verify_url(self, license) -> str:
        return absolute_url(self.context.get("request"), license.get_absolute_url())

    def get_certificate_url(self, license) -> str:
        return self._url("api:license-certificate", license)

    def get_url(self, license) -> str:
        return self._url("api:license-detail", license)


class DownloadLinkSerializer(serializers.Serializer):
    url = serializers.URLField()
    format = serializers.CharField(help_text="The delivery format the link serves.")
    expires_at = serializers.DateTimeField()
    manifest_url = serializers.URLField(
        allow_null=True,
        help_text="The file's Content Credentials as a separate .c2pa manifest, for formats that "
        "cannot carry them inside (MXF, MPEG-TS); null when the file carries them.",
    )


class DownloadLinkInputSerializer(serializers.Serializer):
    """What a download link is asked with; all optional unless the buyer organisation requires
    a project code or a note (then 400, code download_requirement, naming the field). The
    service checks them again (control characters, blank text)."""

    project_code = StringField(
        required=False,
        default="",
        allow_blank=True,
        max_length=DOWNLOAD_PROJECT_CODE_MAX,
        help_text="Your project or job code, recorded on the download.",
    )
    note = StringField(
        required=False,
        default="",
        allow_blank=True,
        max_length=DOWNLOAD_NOTE_MAX,
        help_text="What the download is for, recorded on it.",
    )
    format = serializers.ChoiceField(
        choices=list(PROFILES),
        default=ORIGINAL,
        help_text="The delivery format (the asset's `formats`); the licence's resolution must "
        "cover its tier (else 403, code above_licensed_tier). One not prepared yet answers 202 "
        "with Retry-After while it is made.",
    )


class FormatPreparingSerializer(serializers.Serializer):
    format = serializers.CharField()
    status = serializers.ChoiceField(choices=["preparing"])
    progress = serializers.IntegerField(help_text="Percent done.")
    retry_after = serializers.IntegerField(help_text="Seconds until it is worth asking again.")
    detail = serializers.CharField()


class UsageCreateSerializer(serializers.Serializer):
    """A use of the licensed clip; the service checks it against the licence (422 when it is
    outside it) and refuses control characters."""

    used_at = serializers.DateTimeField(help_text="When it went out, ISO 8601 with a zone.")
    platform = serializers.ChoiceField(
        choices=PLATFORM_CHOICES, help_text="The platforms restrictions speak of."
    )
    territory = StringField(
        min_length=2, max_length=2, help_text="Where it was used: an ISO 3166-1 alpha-2 code."
    )
    title = StringField(
        max_length=USAGE_TITLE_MAX, help_text="The programme, article or post it was used in."
    )
    url = StringField(
        required=False, default="", allow_blank=True, max_length=USAGE_URL_MAX,
        help_text="Where it can be seen (http or https), if anywhere.",
    )  # fmt: skip
    note = StringField(
        required=False, default="", allow_blank=True, max_length=USAGE_NOTE_MAX,
        help_text="Yours alone: never shown to the clip's partner.",
    )  # fmt: skip


class UsageSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")

    class Meta:
        model = Usage
        fields = ["id", "used_at", "platform", "territory", "title", "url", "note", "reported_at"]
