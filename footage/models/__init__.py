"""Footage's rows: renditions made from a master (renditions) and resumable uploads on their
way to becoming one (uploads), the evidence read from each master (evidence), and the
delivery formats made from it (formats)."""

from footage.models.evidence import Credentials, Duplicate, Evidence, Fingerprint, FingerprintKey
from footage.models.formats import (
    FORMATS_FOLDER,
    PreparedFormat,
    format_file_name,
    stale_preparing,
)
from footage.models.renditions import (
    THUMBNAIL_SIZES,
    Rendition,
    stale_before,
    stale_running,
    upload_rendition,
)
from footage.models.uploads import Upload

__all__ = [
    "FORMATS_FOLDER",
    "THUMBNAIL_SIZES",
    "Credentials",
    "Duplicate",
    "Evidence",
    "Fingerprint",
    "FingerprintKey",
    "PreparedFormat",
    "Rendition",
    "Upload",
    "format_file_name",
    "stale_before",
    "stale_preparing",
    "stale_running",
    "upload_rendition",
]
