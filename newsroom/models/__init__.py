"""Newsroom models, one module per capability (webhooks, saved searches, lightboxes)."""

from newsroom.models.saved_searches import NOTIFY_CHANNELS, SavedSearch, SavedSearchMatch

__all__ = ["NOTIFY_CHANNELS", "SavedSearch", "SavedSearchMatch"]
