"""The partner area on the site: /partner/…"""

from django.urls import path

import common.converters  # noqa: F401 - registers the converters used below
from partners import views_dashboard, views_money, views_submit

app_name = "partners"
urlpatterns = [
    path("partner/", views_dashboard.dashboard, name="dashboard"),
    path("partner/upload/", views_submit.upload, name="upload"),
    path("partner/clips/new/", views_submit.clip_new, name="clip-new"),
    path("partner/clips/<public_id:public_id>/edit/", views_submit.clip_edit, name="clip-edit"),
    path("partner/payouts/", views_money.payout_request_view, name="payout-request"),
]
