"""The newsroom API under /api/v1/ (namespace "api"): ninjs, rights, feed, webhooks, saved
searches, lightboxes."""

from rest_framework.routers import SimpleRouter

from newsroom.api import lightboxes, webhooks
from newsroom.api.saved_searches import SavedSearchViewSet

urlpatterns = []

webhooks_router = SimpleRouter()
webhooks_router.register("webhooks", webhooks.WebhookEndpointViewSet, basename="webhook")
urlpatterns += webhooks_router.urls

lightbox_router = SimpleRouter()
lightbox_router.register("lightboxes", lightboxes.LightboxViewSet, basename="lightbox")
urlpatterns += lightbox_router.urls

saved_search_router = SimpleRouter()
saved_search_router.register("saved-searches", SavedSearchViewSet, basename="saved-search")
urlpatterns += saved_search_router.urls
