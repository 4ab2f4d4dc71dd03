"""The partner area on the site: /partner/…"""

from django.urls import path

import common.converters  # noqa: F401 - registers the converters used below
from partners.views import dashboard, money, submit

app_name = "partners"
urlpatterns = [
    path("partner/", dashboard.dashboard, name="dashboard"),
    path("partner/upload/", submit.upload, name="upload"),
    path("partner/clips/new/", submit.clip_new, name="clip-new"),
    path("partner/clips/<public_id:public_id>/edit/", submit.clip_edit, name="clip-edit"),
    path("partner/payouts/", money.payout_request_view, name="payout-request"),
]
