"""A partner's clips over the API: /api/v1/partner/clips/ (submit, list, one clip, edit and
send back a returned clip) and /api/v1/partner/restrictions/compile/ (what a restriction text or
the controls mean, before submitting). Every query is filtered by the request's partner, so
another partner's clip is not found (404)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import AssetStatus, Category, VideoAsset
from common.errors import ServiceError
from common.members import request_person
from common.models import PUBLIC_ID_PATTERN
from common.schema import error_responses
from footage.models import Rendition, Upload
from ledger.selectors import asset_sales
from partners.api.clip_serializers import (
    ClipCreateSerializer,
    ClipUpdateSerializer,
    PartnerClipDetailSerializer,
    PartnerClipSerializer,
    RestrictionCheckSerializer,
    RestrictionCompileSerializer,
)
from partners.api.permissions import PARTNER_AUTHENTICATION, IsPartnerMember
from partners.models import ReviewDecision
from partners.restriction_controls import (
    ControlsError,
    RestrictionControls,
    restrictions_check,
)
from partners.services.submissions import (
    SubmissionError,
    asset_resubmit,
    asset_submit,
    asset_update,
)
from rights import RestrictionError

NOT_RETURNED = (
    "Only a clip returned to you (status draft) can be changed or sent again; this one is {}."
)


def partner_clips(partner):
    """The partner's clips with what the serializer shows, in a fixed number of queries."""
    returned = ReviewDecision.objects.filter(verdict=ReviewDecision.Verdict.RETURNED).order_by(
        "-created_at", "-id"
    )
    return (
        VideoAsset.objects.filter(partner=partner)
        .select_related("rights_attestation")
        .prefetch_related(
            "categories",
            "tags",
            Prefetch("renditions", queryset=Rendition.objects.defer("file", "source")),
            Prefetch("review_decisions", queryset=returned, to_attr="returned_decisions"),
        )
        .order_by("-created_at", "-id")
    )


def invalid(field: str, message: str) -> ServiceError:
    """A 400 in the API's error shape, the sentence itself as `detail` (a compiler's error names
    the phrase it could not read; prefixing the field would bury it), to raise."""
    return ServiceError(message, fields=(field,))


def restrictions_from(data: dict, field: str = "restrictions") -> str | None:
    """The restriction text a request gives: as written, or written by its controls; None
    when it gives neither."""
    controls = data.get("restriction_controls")
    if controls is None:
        return data.get("restrictions")
    try:
        return RestrictionControls(**controls).text()
    except ControlsError as error:
        raise SubmissionError(f"restriction_controls.{error.field}", error.message) from None


def categories_from(slugs):
    if slugs is None:
        return None
    found = {c.slug: c for c in Category.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise SubmissionError("categories", f"No category has the slug “{missing[0]}”.")
    return [found[slug] for slug in slugs]


def partner_upload(partner, public_id, field):
    if public_id is None:
        return None
    upload = Upload.objects.filter(partner=partner, public_id=public_id).first()
    if upload is None:
        raise SubmissionError(field, f"No upload {public_id} of yours exists.")
    return upload


CLIP_ERRORS = {
    400: "Bad input, with a sentence: a missing or false attestation, restriction text the "
    "compiler cannot read, an upload that is not yours, not finished, not a video or already "
    "used. Nothing is made.",
    409: "The clip is not returned to you (only a draft can be changed or sent again).",
}


class PartnerClipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Your clips: submitted from a finished upload, reviewed by staff, on sale once published.
    Each shows its status, the note of its last return, its renditions' progress, and its sales
    and your earnings from them."""

    authentication_classes = PARTNER_AUTHENTICATION
    permission_classes = [IsPartnerMember]
    serializer_class = PartnerClipSerializer
    lookup_field = "public_id"
    lookup_value_regex = PUBLIC_ID_PATTERN

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VideoAsset.objects.none()
        return partner_clips(self.request.partner)

    def get_serializer_class(self):
        return PartnerClipSerializer if self.action == "list" else PartnerClipDetailSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "sales": getattr(self, "_sales", {})}

    def _answer(self, assets, many=False):
        self._sales = asset_sales(self.request.partner, [asset.pk for asset in assets])
        return self.get_serializer(assets if many else assets[0], many=many).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self._answer(list(page), many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._answer([self.get_object()]))

    def _fresh(self, asset, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=asset.pk)
        return Response(self._answer([fresh]), status=code)

    @extend_schema(
        request=ClipCreateSerializer,
        responses={201: PartnerClipDetailSerializer, **error_responses(CLIP_ERRORS, 400)},
        description="Submit a clip from a finished upload: it comes out in review (status "
        "`review`), its duration, size and frame rate read from the file and its renditions "
        "started. Give the restrictions as text or as `restriction_controls`.",
    )
    def create(self, request):
        payload = ClipCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        partner = request.partner
        rights = data["rights"]
        try:  # the body nests the release form under `rights`; the service names it alone
            asset = asset_submit(
                partner=partner,
                person=request_person(request),
                upload=partner_upload(partner, data["upload"], "upload"),
                title=data["title"],
                description=data["description"],
                shotlist=data["shotlist"],
                location_name=data["location_name"],
                location_country=data["location_country"],
                recorded_at=data["recorded_at"],
                categories=categories_from(data["categories"]),
                tags=data["tags"],
                restrictions=restrictions_from(data) or "",
                filmed_by_submitter=rights["filmed_by_submitter"],
                people_consented=rights["people_consented"],
                release_form=partner_upload(partner, rights["release_form"], "rights.release_form"),
            )
        except SubmissionError as error:
            if error.field != "release_form":
                raise
            raise invalid("rights.release_form", error.message) from None
        return self._fresh(asset, status.HTTP_201_CREATED)

    def _returned(self):
        asset = self.get_object()
        if asset.status != AssetStatus.DRAFT:
            label = asset.get_status_display().lower()
            body = {"detail": NOT_RETURNED.format(label), "code": "conflict"}
            return asset, Response(body, status=status.HTTP_409_CONFLICT)
        return asset, None

    @extend_schema(
        request=ClipUpdateSerializer,
        responses={200: PartnerClipDetailSerializer, **error_responses(CLIP_ERRORS, 400, 409)},
        description="Change a clip staff returned to you; it stays a draft until you send it "
        "again (POST …/submit/).",
    )
    def partial_update(self, request, *args, **kwargs):
        # Bad input is a 400 whatever the clip's state; then a clip not returned is a 409.
        payload = ClipUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        asset, refusal = self._returned()
        if refusal is not None:
            return refusal
        data = dict(payload.validated_data)
        restrictions = restrictions_from(data)
        data.pop("restriction_controls", None)
        if restrictions is not None:
            data["restrictions"] = restrictions
        asset_update(
            asset=asset,
            partner=request.partner,
            person=request_person(request),
            categories=categories_from(data.pop("categories", None)),
            tags=data.pop("tags", None),
            **data,
        )
        return self._fresh(asset)

    @extend_schema(
        request=None,
        responses={200: PartnerClipDetailSerializer, **error_responses(CLIP_ERRORS, 400, 409)},
        description="Send a returned clip back to review.",
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def submit(self, request, public_id=None):
        asset, refusal = self._returned()
        if refusal is not None:
            return refusal
        asset_resubmit(asset=asset, partner=request.partner, person=request_person(request))
        return self._fresh(asset)


class RestrictionCompileView(APIView):
    """What restrictions mean, before you submit: the text as the compiler writes it, a
    sentence per rule and what each means, or the compiler's error naming the phrase it could
    not read. Buyers' checks use the same compiler."""

    authentication_classes = PARTNER_AUTHENTICATION
    permission_classes = [IsPartnerMember]

    @extend_schema(
        request=RestrictionCompileSerializer,
        responses={200: RestrictionCheckSerializer},
    )
    def post(self, request):
        payload = RestrictionCompileSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if "controls" in data:
            try:
                text = RestrictionControls(**data["controls"]).text()
            except ControlsError as error:
                raise invalid(f"controls.{error.field}", error.message) from None
            field = "controls"
        else:
            text, field = data["text"], "text"
        try:
            check = restrictions_check(text)
        except RestrictionError as error:
            raise invalid(field, str(error)) from None
        body = {
            "text": check.text,
            "canonical": check.canonical,
            "rules": list(check.rules),
            "reasons": list(check.reasons),
        }
        return Response(RestrictionCheckSerializer(body).data)
