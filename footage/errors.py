"""The footage app's errors."""


class MediaError(Exception):
    """Footage we cannot use; the message says why in words a staff member understands."""
