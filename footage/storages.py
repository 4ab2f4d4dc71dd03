"""Where footage files are read from: a local path for any stored or uploaded file."""

import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def local_path(file):
    """A filesystem path for an uploaded or stored file, copying to a temporary file when the
    file lives in memory or in object storage."""
    path = None
    if hasattr(file, "temporary_file_path"):
        path = file.temporary_file_path()
    else:
        try:
            path = file.path  # FileSystemStorage
        except (AttributeError, NotImplementedError, ValueError):
            path = None
    if path is not None:
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=Path(file.name or "").suffix[:10]) as copy:
        file.seek(0)
        for chunk in file.chunks():
            copy.write(chunk)
        copy.flush()
        yield copy.name
