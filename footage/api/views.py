from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from catalog.api.serializers import UnavailableSerializer
from catalog.api.views import refused_here
from catalog.models import VideoAsset
from common.responses import UNAVAILABLE_FOR_LEGAL_REASONS
from footage.api.serializers import VerificationSerializer
from footage.evidence.summary import verification_summary


class AssetVerificationView(GenericAPIView):
    """How a clip was verified: its Content Credentials, its capture metadata against the
    claims, whether its duplicates are resolved, and each check made (docs/verification.md).
    Under the same territory rules as the clip: 451 where it may not be shown."""

    serializer_class = VerificationSerializer
    queryset = VideoAsset.objects.none()

    @extend_schema(
        responses={
            200: VerificationSerializer,
            UNAVAILABLE_FOR_LEGAL_REASONS: OpenApiResponse(
                UnavailableSerializer,
                description="The clip's restrictions keep it from the request's territory.",
            ),
        }
    )
    def get(self, request, public_id):
        assets = VideoAsset.objects.visible_to(request.user).select_related("evidence")
        asset = get_object_or_404(assets, public_id=public_id)
        refused = refused_here(request, asset)
        if refused is not None:
            return refused
        body = {"asset": asset.public_id, **verification_summary(asset)}
        return Response(VerificationSerializer(body).data)
