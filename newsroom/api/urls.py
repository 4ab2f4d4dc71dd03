"""The newsroom API under /api/v1/ (namespace "api"): ninjs, rights, feed, webhooks, saved
searches, lightboxes."""

urlpatterns = []

# Saved searches (newsroom.api.saved_searches).
from rest_framework.routers import SimpleRouter  # noqa: E402

from newsroom.api.saved_searches import SavedSearchViewSet  # noqa: E402

saved_search_router = SimpleRouter()
saved_search_router.register("saved-searches", SavedSearchViewSet, basename="saved-search")
urlpatterns += saved_search_router.urls
