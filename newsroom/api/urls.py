"""The newsroom API under /api/v1/ (namespace "api"): ninjs, rights, feed, webhooks, saved
searches, lightboxes."""

from django.urls import path
from rest_framework.routers import SimpleRouter

import common.converters  # noqa: F401 - registers the public_id converter
from newsroom.api import lightboxes, webhooks
from newsroom.api.ninjs import AssetNinjsView, AssetRightsView, NinjsFeedView
from newsroom.api.saved_searches import SavedSearchViewSet

urlpatterns = [
    path("assets/<public_id:public_id>/ninjs/", AssetNinjsView.as_view(), name="asset-ninjs"),
    path("assets/<public_id:public_id>/rights/", AssetRightsView.as_view(), name="asset-rights"),
    path("feed/ninjs/", NinjsFeedView.as_view(), name="feed-ninjs"),
]

webhooks_router = SimpleRouter()
webhooks_router.register("webhooks", webhooks.WebhookEndpointViewSet, basename="webhook")
urlpatterns += webhooks_router.urls

lightbox_router = SimpleRouter()
lightbox_router.register("lightboxes", lightboxes.LightboxViewSet, basename="lightbox")
urlpatterns += lightbox_router.urls

saved_search_router = SimpleRouter()
saved_search_router.register("saved-searches", SavedSearchViewSet, basename="saved-search")
urlpatterns += saved_search_router.urls
