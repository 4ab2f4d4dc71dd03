"""The partner area on the site: /partner/…"""

from django.urls import path

from partners import views_money

app_name = "partners"
urlpatterns = [
    path("partner/payouts/", views_money.payout_request_view, name="payout-request"),
]
