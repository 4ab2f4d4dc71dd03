"""The newsroom's pages on the site: boards, saved searches, webhooks on the account."""

from django.urls import path

import common.converters  # noqa: F401 - registers the converters used below
from newsroom.views import lightboxes, saved_searches, webhooks

app_name = "newsroom"
urlpatterns = []

urlpatterns += [
    path("account/webhooks/", webhooks.webhooks, name="webhooks"),
    path(
        "account/webhooks/<public_id:public_id>/",
        webhooks.webhook_deliveries,
        name="webhook-deliveries",
    ),
    path(
        "account/webhooks/<public_id:public_id>/delete/",
        webhooks.webhook_delete,
        name="webhook-delete",
    ),
    path(
        "account/webhooks/<public_id:public_id>/enable/",
        webhooks.webhook_enable,
        name="webhook-enable",
    ),
    path("boards/", lightboxes.boards, name="boards"),
    path("boards/add/", lightboxes.board_add, name="board-add"),
    path("boards/<public_id:public_id>/", lightboxes.board, name="board"),
    path("boards/<public_id:public_id>/rename/", lightboxes.board_rename, name="board-rename"),
    path("boards/<public_id:public_id>/delete/", lightboxes.board_delete, name="board-delete"),
    path("boards/<public_id:public_id>/buy/", lightboxes.board_buy, name="board-buy"),
    path(
        "boards/<public_id:public_id>/items/<public_id:asset>/note/",
        lightboxes.board_item_note,
        name="board-item-note",
    ),
    path(
        "boards/<public_id:public_id>/items/<public_id:asset>/remove/",
        lightboxes.board_item_remove,
        name="board-item-remove",
    ),
    # Saved searches
    path("account/saved-searches/", saved_searches.saved_searches, name="saved-searches"),
    path(
        "account/saved-searches/new/",
        saved_searches.saved_search_create_view,
        name="saved-search-create",
    ),
    path(
        "account/saved-searches/<public_id:public_id>/",
        saved_searches.saved_search_change,
        name="saved-search-change",
    ),
]
