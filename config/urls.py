import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from catalog.api.urls import urlpatterns as catalog_api
from common.accounts import PasswordResetConfirmView, PasswordResetForm
from config import views
from footage.api.urls import urlpatterns as footage_api
from licensing.api.urls import urlpatterns as licensing_api
from newsroom.api.urls import urlpatterns as newsroom_api
from partners.api.urls import urlpatterns as partners_api
from partners.views.dashboard import SignInView

admin.site.site_header = f"{settings.SITE_NAME} staff"
admin.site.site_title = f"{settings.SITE_NAME} staff"

urlpatterns = [
    # Staff's bookmarks from before partner money had its own app (docs/architecture.md).
    re_path(
        r"^admin/licensing/(?P<rest>(?:earning|partnerbalance|payout)/.*)$",
        RedirectView.as_view(url="/admin/ledger/%(rest)s", permanent=True, query_string=True),
    ),
    # ... and from before the review queue's model was named as code names a clip.
    re_path(
        r"^admin/partners/clipinreview/(?P<rest>.*)$",
        RedirectView.as_view(
            url="/admin/partners/assetinreview/%(rest)s", permanent=True, query_string=True
        ),
    ),
    path("admin/", admin.site.urls),
    path(
        "api/v1/",
        include(
            ([*catalog_api, *footage_api, *licensing_api, *newsroom_api, *partners_api], "api")
        ),
    ),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm, extra_email_context={"site_name": settings.SITE_NAME}
        ),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    # A partner member lands on the partner area after signing in (no `next`), a buyer on
    # their account: the same form, redirected by who signed in.
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("licensing.urls")),
    path("", include("newsroom.urls")),
    path("", include("partners.urls")),
    path("", include("catalog.urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Media is served by object storage or the web server in production, never by Django.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.+)$", views.serve_media)]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.not_found"
handler500 = "config.views.server_error"
