from django.urls import path

import common.converters  # noqa: F401 - registers the converters used below
from licensing import views

app_name = "licensing"
urlpatterns = [
    path("licenses/verify/<verification_code:code>/", views.verify, name="verify"),
    path("checkout/", views.checkout, name="checkout"),
    path("account/", views.account, name="account"),
    path("account/orders/<public_id:public_id>/", views.order, name="order"),
    path("account/licenses/", views.licenses, name="licenses"),
    path("account/licenses/<public_id:public_id>/", views.license_detail, name="license"),
    path(
        "account/licenses/<public_id:public_id>/download/", views.license_download, name="download"
    ),
    path("account/licenses/<public_id:public_id>/uses/", views.license_usage, name="usage"),
    path(
        "account/licenses/<public_id:public_id>/certificate/",
        views.license_certificate,
        name="certificate",
    ),
    path("account/downloads/", views.downloads, name="downloads"),
    path("account/keys/", views.api_keys, name="api-keys"),
]
