"""The partner API: /api/v1/uploads/ (tus 1.0) and /api/v1/partner/…"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from partners.api.clips import PartnerClipViewSet, RestrictionCompileView

urlpatterns = [
    path(
        "partner/restrictions/compile/",
        RestrictionCompileView.as_view(),
        name="partner-restrictions-compile",
    ),
]

clips_router = SimpleRouter()
clips_router.register("partner/clips", PartnerClipViewSet, basename="partner-clip")
urlpatterns += clips_router.urls
