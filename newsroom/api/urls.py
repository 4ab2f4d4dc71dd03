"""The newsroom API under /api/v1/ (namespace "api"): ninjs, rights, feed, webhooks, saved
searches, lightboxes."""

from rest_framework.routers import SimpleRouter

from newsroom.api import lightboxes, webhooks

urlpatterns = []

webhooks_router = SimpleRouter()
webhooks_router.register("webhooks", webhooks.WebhookEndpointViewSet, basename="webhook")
urlpatterns += webhooks_router.urls

lightbox_router = SimpleRouter()
lightbox_router.register("lightboxes", lightboxes.LightboxViewSet, basename="lightbox")
urlpatterns += lightbox_router.urls
