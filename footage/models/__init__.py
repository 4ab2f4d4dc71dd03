"""Footage's rows: renditions made from a master (renditions) and resumable uploads on their
way to becoming one (uploads)."""

from footage.models.renditions import (
    THUMBNAIL_SIZES,
    Rendition,
    stale_before,
    stale_running,
    upload_rendition,
)
from footage.models.uploads import Upload

__all__ = [
    "THUMBNAIL_SIZES",
    "Rendition",
    "Upload",
    "stale_before",
    "stale_running",
    "upload_rendition",
]
