"""Footage's rows: renditions made from a master (renditions) and resumable uploads on their
way to becoming one (uploads), and the evidence read from each master (evidence)."""

from footage.models.evidence import Credentials, Duplicate, Evidence, Fingerprint, FingerprintKey
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
    "Credentials",
    "Duplicate",
    "Evidence",
    "Fingerprint",
    "FingerprintKey",
    "Rendition",
    "Upload",
    "stale_before",
    "stale_running",
    "upload_rendition",
]
