from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from common.members import request_person
from common.models import PUBLIC_ID_PATTERN
from common.responses import UNAVAILABLE_FOR_LEGAL_REASONS
from common.schema import error_responses
from common.throttling import ScopedActions
from licensing.api.permissions import IsBuyer
from licensing.api.serializers import (
    DownloadLinkInputSerializer,
    DownloadLinkSerializer,
    FormatPreparingSerializer,
    LicenseSerializer,
    OrderCreateSerializer,
    OrderSerializer,
    UsageCreateSerializer,
    UsageSerializer,
)
from licensing.certificates import certificate_response
from licensing.models import License, Order, Usage
from licensing.services.downloads import (
    download_filename,
    download_link_create,
    download_manifest_open,
    download_offers_manifest,
    download_open,
)
from licensing.services.errors import FormatPreparing
from licensing.services.purchase import IDEMPOTENCY_KEY_PATTERN, PurchaseItem, purchase
from licensing.services.usages import usage_report

# What the refusals of a purchase and a download (licensing.services.errors) mean, by status;
# the API's exception handler answers them (common.api_errors).
ERROR_TEXTS = {
    400: "Bad input: the items, a clip or licence type that does not exist, a resolution the "
    "clip is not sold at (above its master's), or a missing Idempotency-Key; for a download "
    "link, a project code or note the buyer organisation requires and the request lacks (code "
    "download_requirement, `fields` names it) or text that is too long or holds control "
    "characters.",
    401: "No API key, or a bad one.",
    402: "Not enough credit, or over the invoice limit.",
    403: "The licence cannot be used (revoked, not in force, no master yet, the key that made "
    "the link was revoked), or the link is not a valid one (code invalid_link).",
    409: "An exclusive licence stands in the way (code conflict), or the buyer already holds an "
    "active licence of this type for the clip at the same or a higher resolution (code "
    "already_licensed; each item names it in held_license and its tier in held_resolution; "
    "send allow_duplicate: true to buy again, or a higher resolution to upgrade it); for a "
    "download, the format's file is being made again since the link was made, from a new "
    "master (code format_not_ready): ask for a new link.",
    404: "The clip's file carries its Content Credentials inside: it has no separate manifest "
    "(code no_manifest).",
    410: "The clip was withdrawn (code withdrawn; its licences stay on record), or the link "
    "expired (code expired).",
    422: "The Idempotency-Key was used for a different order.",
    503: "The file could not be signed with Clipwire's Content Credentials, and is not served "
    "unsigned (code signing_unavailable).",
    UNAVAILABLE_FOR_LEGAL_REASONS: (
        "The clip's restrictions do not allow it in the buyer organisation's territory or in "
        "the territory this request comes from; each item names the territory that refused "
        "(refused_by: buyer or request) and the reasons."
    ),
}

# What a usage report's refusals mean (licensing.services.usages).
USAGE_ERROR_TEXTS = {
    400: "Bad input, naming the field: an unknown platform or territory, a title missing or "
    "too long, an address that is not http(s), control characters in any text.",
    422: "The use is outside the licence (code outside_license): the licence was revoked, the "
    "use is in the future, before the licence starts or after it ends, or the clip's "
    "restrictions refuse it in that territory or on that platform at that time. `fields` "
    "names the field at fault and `items[].reasons` says why.",
}


class OrderViewSet(
    ScopedActions,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The buyer's orders. POST buys licences, idempotently."""

    permission_classes = [IsBuyer]
    serializer_class = OrderSerializer
    lookup_field = "public_id"
    lookup_value_regex = PUBLIC_ID_PATTERN
    throttle_scopes = {"create": "purchase"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        return Order.objects.filter(buyer=self.request.buyer).prefetch_related(
            "lines__license", "lines__upgrade_of"
        )

    @extend_schema(
        request=OrderCreateSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                {"type": "string", "pattern": f"^{IDEMPOTENCY_KEY_PATTERN}$"},
                OpenApiParameter.HEADER,
                required=True,
                description="Any unique string per order; a retry with the same key and body "
                "returns the first order (200).",
            )
        ],
        responses={
            201: OrderSerializer,
            200: OrderSerializer,
            **error_responses(ERROR_TEXTS, 400, 401, 402, 409, 422, UNAVAILABLE_FOR_LEGAL_REASONS),
        },
    )
    def create(self, request, *args, **kwargs):
        payload = OrderCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        items = [
            PurchaseItem(i["asset"], i["license"], i.get("resolution"))
            for i in payload.validated_data["items"]
        ]
        result = purchase(
            buyer=request.buyer,
            items=items,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            request_territory=request.territory,
            allow_duplicate=payload.validated_data["allow_duplicate"],
            placed_by=request_person(request),
            api_key=getattr(request.user, "api_key", None),
        )
        order = self.get_queryset().get(pk=result.order.pk)
        return order_answer(request, order, created=result.created, view=self)


def order_answer(request, order, *, created: bool, view) -> Response:
    """What a purchase answers: 201 with the order and its Location, or 200 with the order an
    earlier request with the same Idempotency-Key made."""
    body = OrderSerializer(order, context=view.get_serializer_context()).data
    if not created:
        return Response(body, status=status.HTTP_200_OK)
    location = request.build_absolute_uri(order.get_absolute_url())
    return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class LicenseViewSet(ScopedActions, viewsets.ReadOnlyModelViewSet):
    """The buyer's licences, their certificates and download links."""

    permission_classes = [IsBuyer]
    serializer_class = LicenseSerializer
    lookup_field = "public_id"
    lookup_value_regex = PUBLIC_ID_PATTERN
    throttle_scopes = {"download_link": "download"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return License.objects.none()
        return (
            License.objects.filter(buyer=self.request.buyer)
            .select_related("line__order", "asset", "buyer")
            .prefetch_related("downloads", "asset__prepared_formats")
        )

    @extend_schema(
        request=DownloadLinkInputSerializer,
        parameters=[
            OpenApiParameter(
                "Retry-After",
                int,
                OpenApiParameter.HEADER,
                response=[202],
                description="Seconds until the format is worth asking for again.",
            )
        ],
        responses={
            200: DownloadLinkSerializer,
            202: OpenApiResponse(
                FormatPreparingSerializer,
                description="The format is being prepared: ask again after Retry-After "
                "seconds, or wait for the delivery.ready webhook.",
            ),
            **error_responses(ERROR_TEXTS, 400, 401, 403, 410, UNAVAILABLE_FOR_LEGAL_REASONS, 503),
        },
    )
    @action(detail=True, methods=["post"], url_path="download-link")
    def download_link(self, request, public_id=None):
        license = self.get_object()
        payload = DownloadLinkInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            token, expires_at = download_link_create(
                license=license,
                buyer=request.buyer,
                request_territory=request.territory,
                api_key=getattr(request.user, "api_key", None),
                **payload.validated_data,
            )
        except FormatPreparing as preparing:
            return preparing_answer(preparing)
        format = payload.validated_data["format"]
        url = request.build_absolute_uri(reverse("api:download", kwargs={"token": token}))
        manifest = download_offers_manifest(license, format)
        body = {
            "url": url,
            "format": format,
            "expires_at": expires_at,
            "manifest_url": f"{url}?part=manifest" if manifest else None,
        }
        return Response(DownloadLinkSerializer(body).data)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: UsageSerializer(many=True)},
        description="The uses you reported of this licence, latest use first.",
    )
    @extend_schema(
        methods=["POST"],
        request=UsageCreateSerializer,
        responses={201: UsageSerializer, **error_responses(USAGE_ERROR_TEXTS)},
        description="Report a use of the licensed clip. A use outside the licence is refused "
        "(422, code outside_license) with the reason, and nothing is recorded.",
    )
    @action(detail=True, methods=["get", "post"])
    def usages(self, request, public_id=None):
        license = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(Usage.objects.filter(license=license))
            return self.get_paginated_response(UsageSerializer(page, many=True).data)
        payload = UsageCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        usage = usage_report(
            license=license,
            buyer=request.buyer,
            reported_by=request_person(request),
            api_key=getattr(request.user, "api_key", None),
            **payload.validated_data,
        )
        return Response(UsageSerializer(usage).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def certificate(self, request, public_id=None):
        return certificate_response(request, self.get_object())


def preparing_answer(preparing: FormatPreparing) -> Response:
    """202: the format is being prepared, with how far along and when to ask again."""
    state = preparing.state
    body = {
        "format": state.code,
        "status": "preparing",
        "progress": state.progress,
        "retry_after": state.retry_after,
        "detail": preparing.detail,
    }
    return Response(
        FormatPreparingSerializer(body).data,
        status=status.HTTP_202_ACCEPTED,
        headers={"Retry-After": str(max(1, state.retry_after))},
    )


class DownloadView(APIView):
    """The file behind a download link: the master in Clipwire's Content Credentials. The link
    is the credential (an opaque token); it expires after 15 minutes and every fetch checks the
    licence, the clip and the territory (the buyer's, and this request's) again. `?part=manifest`
    fetches the `.c2pa` manifest of a file that cannot carry one inside (MXF, MPEG-TS)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "download"
    http_method_names = ["get", "options"]  # a HEAD would count as a download

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "part",
                str,
                enum=["manifest"],
                description="manifest: the file's detached C2PA manifest (manifest_url).",
            )
        ],
        responses={
            (200, "video/mp4"): OpenApiTypes.BINARY,
            (200, "application/c2pa"): OpenApiTypes.BINARY,
            **error_responses(ERROR_TEXTS, 403, 404, 409, 410, UNAVAILABLE_FOR_LEGAL_REASONS, 503),
        },
    )
    def get(self, request, token):
        opening = download_open
        if request.query_params.get("part") == "manifest":
            opening = download_manifest_open
        license, delivery, format = opening(token=token, request_territory=request.territory)
        response = FileResponse(
            delivery.file,
            as_attachment=True,
            filename=download_filename(license, delivery.suffix, format),
            content_type=delivery.content_type,
        )
        response["Cache-Control"] = "private, no-store"  # no proxy may keep a master
        return response
