"""Newsroom models, one module per capability (webhooks, saved searches, lightboxes)."""

from newsroom.models.lightboxes import Lightbox, LightboxItem  # noqa: F401
