"""The partner API: /api/v1/uploads/ (tus 1.0) and /api/v1/partner/…"""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

import common.converters  # noqa: F401 - registers the public_id converter
from partners.api import money
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
    path(
        "partner/notifications/",
        money.NotificationListView.as_view(),
        name="partner-notifications",
    ),
    path("partner/balance/", money.BalanceView.as_view(), name="partner-balance"),
    path("partner/payouts/", money.PayoutCreateView.as_view(), name="partner-payouts"),
    re_path(
        r"^partner/statements/(?P<month>[^/.]+)\.csv$",
        money.StatementCsvView.as_view(),
        name="partner-statement-csv",
    ),
    re_path(
        r"^partner/statements/(?P<month>[^/.]+)\.pdf$",
        money.StatementPdfView.as_view(),
        name="partner-statement-pdf",
    ),
]

clips_router = SimpleRouter()
clips_router.register("partner/clips", PartnerClipViewSet, basename="partner-clip")
urlpatterns += clips_router.urls
