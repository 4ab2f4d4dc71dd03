from django.urls import path

from licensing import views

app_name = "licensing"
urlpatterns = [
    path("licenses/verify/<str:code>/", views.verify, name="verify"),
    path("checkout/", views.checkout, name="checkout"),
    path("account/", views.account, name="account"),
    path("account/orders/<str:public_id>/", views.order, name="order"),
    path("account/licenses/", views.licenses, name="licenses"),
    path("account/licenses/<str:public_id>/download/", views.license_download, name="download"),
    path(
        "account/licenses/<str:public_id>/certificate/",
        views.license_certificate,
        name="certificate",
    ),
    path("account/downloads/", views.downloads, name="downloads"),
    path("account/keys/", views.api_keys, name="api-keys"),
]
