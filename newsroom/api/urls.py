"""The newsroom API under /api/v1/ (namespace "api"): ninjs, rights, feed, webhooks, saved
searches, lightboxes."""

urlpatterns = []
