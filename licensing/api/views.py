from django.core import signing
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

from common.api_errors import ErrorSerializer
from common.models import PUBLIC_ID_PATTERN
from common.responses import UNAVAILABLE_FOR_LEGAL_REASONS
from licensing.api.permissions import IsBuyer
from licensing.api.serializers import (
    DownloadLinkSerializer,
    LicenseSerializer,
    OrderCreateSerializer,
    OrderSerializer,
)
from licensing.certificates import certificate_response
from licensing.models import License, Order
from licensing.services.downloads import download_filename, download_link_create, download_open
from licensing.services.errors import LicensingError
from licensing.services.purchase import IDEMPOTENCY_KEY_PATTERN, PurchaseItem, purchase


def errors(descriptions: dict[int, str]) -> dict:
    """Responses in the API's one error shape, by status; ApiSchema adds the common ones."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=text)
        for code, text in descriptions.items()
    }


UNAVAILABLE = "The clip's restrictions do not allow it in the buyer's territory."
PURCHASE_ERRORS = errors(
    {
        400: "Bad input: the items, a clip or licence type that does not exist, or a missing "
        "Idempotency-Key.",
        402: "Not enough credit, or over the invoice limit.",
        409: "An exclusive licence stands in the way.",
        422: "The Idempotency-Key was used for a different order.",
        UNAVAILABLE_FOR_LEGAL_REASONS: UNAVAILABLE,
    }
)
DOWNLOAD_LINK_ERRORS = errors(
    {
        403: "The licence cannot be used: revoked, not in force, or the master is not ready.",
        410: "The clip was withdrawn; the licence stays on record.",
        UNAVAILABLE_FOR_LEGAL_REASONS: UNAVAILABLE,
    }
)
DOWNLOAD_ERRORS = errors(
    {
        403: "Not a valid download link, or the licence cannot be used (revoked, not in "
        "force, or the key that made the link revoked).",
        410: "The link expired (ask for a new one), or the clip was withdrawn.",
        UNAVAILABLE_FOR_LEGAL_REASONS: UNAVAILABLE,
    }
)


def refusal(error: LicensingError) -> Response:
    body = {"detail": error.detail, "code": error.code, "items": error.items}
    return Response(body, status=error.status)


class ScopedActions:
    """A tighter throttle on the actions named in `throttle_scopes`."""

    throttle_scopes: dict[str, str] = {}

    def get_throttles(self):
        scope = self.throttle_scopes.get(getattr(self, "action", None))
        if scope is None:
            return super().get_throttles()
        self.throttle_scope = scope
        return [*super().get_throttles(), ScopedRateThrottle()]


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
        return Order.objects.filter(buyer=self.request.buyer).prefetch_related("lines__license")

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
        responses={201: OrderSerializer, 200: OrderSerializer, **PURCHASE_ERRORS},
    )
    def create(self, request, *args, **kwargs):
        payload = OrderCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        items = [PurchaseItem(i["asset"], i["license"]) for i in payload.validated_data["items"]]
        try:
            result = purchase(
                buyer=request.buyer,
                items=items,
                idempotency_key=request.headers.get("Idempotency-Key", ""),
                placed_by=None if hasattr(request.user, "api_key") else request.user,
                api_key=getattr(request.user, "api_key", None),
            )
        except LicensingError as error:
            return refusal(error)
        order = self.get_queryset().get(pk=result.order.pk)
        body = OrderSerializer(order, context=self.get_serializer_context()).data
        if not result.created:
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
            .prefetch_related("downloads")
        )

    @extend_schema(request=None, responses={200: DownloadLinkSerializer, **DOWNLOAD_LINK_ERRORS})
    @action(detail=True, methods=["post"], url_path="download-link")
    def download_link(self, request, public_id=None):
        license = self.get_object()
        try:
            token, expires_at = download_link_create(
                license=license,
                buyer=request.buyer,
                api_key=getattr(request.user, "api_key", None),
            )
        except LicensingError as error:
            return refusal(error)
        url = request.build_absolute_uri(reverse("api:download", kwargs={"token": token}))
        return Response(DownloadLinkSerializer({"url": url, "expires_at": expires_at}).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def certificate(self, request, public_id=None):
        return certificate_response(request, self.get_object())


class DownloadView(APIView):
    """The master file behind a signed download link. The link is the credential; it expires
    after 15 minutes and every fetch checks the licence and territory again."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "download"
    http_method_names = ["get", "options"]  # a HEAD would count as a download

    @extend_schema(responses={(200, "video/mp4"): OpenApiTypes.BINARY, **DOWNLOAD_ERRORS})
    def get(self, request, token):
        try:
            license, master = download_open(token=token)
        except signing.SignatureExpired:
            body = {
                "detail": "This download link has expired; ask for a new one.",
                "code": "expired",
            }
            return Response(body, status=status.HTTP_410_GONE)
        except (signing.BadSignature, License.DoesNotExist):
            body = {"detail": "This is not a valid download link.", "code": "invalid_link"}
            return Response(body, status=status.HTTP_403_FORBIDDEN)
        except LicensingError as error:
            return refusal(error)
        response = FileResponse(master, as_attachment=True, filename=download_filename(license))
        response["Cache-Control"] = "private, no-store"  # no proxy may keep a master
        return response
