"""The newsroom's pages on the site: boards, saved searches, webhooks on the account."""

app_name = "newsroom"
urlpatterns = []

# Saved searches (newsroom.views_saved_searches).
from django.urls import path  # noqa: E402

from newsroom import views_saved_searches  # noqa: E402

urlpatterns += [
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
