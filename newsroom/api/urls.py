"""The newsroom API under /api/v1/ (namespace "api"): ninjs, rights, feed, webhooks, saved
searches, lightboxes."""

from django.urls import path

import common.converters  # noqa: F401 - registers the public_id converter
from newsroom.api.ninjs import AssetNinjsView, AssetRightsView, NinjsFeedView

urlpatterns = [
    path("assets/<public_id:public_id>/ninjs/", AssetNinjsView.as_view(), name="asset-ninjs"),
    path("assets/<public_id:public_id>/rights/", AssetRightsView.as_view(), name="asset-rights"),
    path("feed/ninjs/", NinjsFeedView.as_view(), name="feed-ninjs"),
]
