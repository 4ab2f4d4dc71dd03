"""The newsroom in staff's admin, one module per capability."""

from newsroom.admin import lightboxes  # noqa: F401 - registers the lightbox admin
