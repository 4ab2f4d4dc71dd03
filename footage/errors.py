"""The footage app's errors."""

from common.errors import ServiceError


class MediaError(Exception):
    """Footage we cannot use; the message says why in words a staff member understands."""


class FormatUnavailable(ServiceError):
    """A delivery format that is not offered for this clip: not one of catalog.formats'
    profiles, larger than the master (nothing is upscaled), or the clip has no master yet."""

    status, code = 404, "format_unavailable"


class FormatNotReady(ServiceError):
    """A delivery format asked to be opened before it is made (footage.preparing)."""

    status, code = 409, "format_not_ready"
