"""The newsroom's pages on the site: boards, saved searches, webhooks on the account."""

from django.urls import path

import common.converters  # noqa: F401 - registers the converters used below
from newsroom import views_lightboxes, views_saved_searches, views_webhooks

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
    path("boards/", views_lightboxes.boards, name="boards"),
    path("boards/add/", views_lightboxes.board_add, name="board-add"),
    path("boards/<public_id:public_id>/", views_lightboxes.board, name="board"),
    path(
        "boards/<public_id:public_id>/rename/", views_lightboxes.board_rename, name="board-rename"
    ),
    path(
        "boards/<public_id:public_id>/delete/", views_lightboxes.board_delete, name="board-delete"
    ),
    path("boards/<public_id:public_id>/buy/", views_lightboxes.board_buy, name="board-buy"),
    path(
        "boards/<public_id:public_id>/items/<public_id:asset>/note/",
        views_lightboxes.board_item_note,
        name="board-item-note",
    ),
    path(
        "boards/<public_id:public_id>/items/<public_id:asset>/remove/",
        views_lightboxes.board_item_remove,
        name="board-item-remove",
    ),
    # Saved searches
    path("account/saved-searches/", views_saved_searches.saved_searches, name="saved-searches"),
    path(
        "account/saved-searches/new/",
        views_saved_searches.saved_search_create_view,
        name="saved-search-create",
    ),
    path(
        "account/saved-searches/<public_id:public_id>/",
        views_saved_searches.saved_search_change,
        name="saved-search-change",
    ),
]
