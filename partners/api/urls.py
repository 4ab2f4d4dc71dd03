"""The partner API: /api/v1/uploads/ (tus 1.0) and /api/v1/partner/…"""

from django.urls import path
from rest_framework.routers import SimpleRouter

import common.converters  # noqa: F401 - registers the public_id converter
from partners.api.clips import PartnerClipViewSet, RestrictionCompileView
from partners.api.uploads import UploadCreateView, UploadDetailView

urlpatterns = [
    path("uploads/", UploadCreateView.as_view(), name="upload-create"),
    path("uploads/<public_id:public_id>/", UploadDetailView.as_view(), name="upload-detail"),
    path(
        "partner/restrictions/compile/",
        RestrictionCompileView.as_view(),
        name="partner-restrictions-compile",
    ),
]

clips_router = SimpleRouter()
clips_router.register("partner/clips", PartnerClipViewSet, basename="partner-clip")
urlpatterns += clips_router.urls
