"""The newsroom in staff's admin, one module per capability."""

from newsroom.admin import lightboxes, saved_searches, webhooks  # noqa: F401 - each registers
