"""The newsroom's pages on the site: boards, saved searches, webhooks on the account."""

from django.urls import path

import common.converters  # noqa: F401 - registers the converters used below
from newsroom import views_webhooks

app_name = "newsroom"
urlpatterns = []

urlpatterns += [
    path("account/webhooks/", views_webhooks.webhooks, name="webhooks"),
    path(
        "account/webhooks/<public_id:public_id>/",
        views_webhooks.webhook_deliveries,
        name="webhook-deliveries",
    ),
    path(
        "account/webhooks/<public_id:public_id>/delete/",
        views_webhooks.webhook_delete,
        name="webhook-delete",
    ),
    path(
        "account/webhooks/<public_id:public_id>/enable/",
        views_webhooks.webhook_enable,
        name="webhook-enable",
    ),
]
