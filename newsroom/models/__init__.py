"""Newsroom models, one module per capability (webhooks, saved searches, lightboxes)."""
