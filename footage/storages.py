"""Footage files in storage: a local path for any stored or uploaded file, a whole file stored
so nobody can open it half written, and a stored file opened for a licensee (Delivery). All
through the storage API, so masters on S3 work as local ones do."""

import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.files import File


@dataclass
class Delivery:
    file: File  # open for reading; the caller closes it (a FileResponse does)
    suffix: str  # the file name's suffix: the master's, or the format's
    content_type: str
    size: int
    signed: bool  # carries our manifest, inside or in the sidecar


def open_delivery(storage, name: str, suffix: str, mime_type: str, *, signed: bool) -> Delivery:
    return Delivery(
        file=storage.open(name, "rb"),
        suffix=suffix,
        content_type=mime_type,
        size=storage.size(name),
        signed=signed,
    )


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


def store_whole(storage, name: str, produced) -> str:
    """Store the file at `produced` under `name` so that nobody can open it half written: on a
    local disk it is written beside and renamed into place (a rename is atomic, and replaces
    a file of that name); object storage shows an object only once its upload is complete.
    Returns the name it was stored under (object storage may choose another)."""
    try:
        final = Path(storage.path(name))
    except NotImplementedError:
        with open(produced, "rb") as handle:
            return storage.save(name, File(handle, name=PurePosixPath(name).name))
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=final.parent, prefix=PARTIAL_PREFIX)
    try:
        with os.fdopen(handle, "wb") as target, open(produced, "rb") as source:
            shutil.copyfileobj(source, target, 1024 * 1024)
        os.replace(scratch, final)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return name


PARTIAL_PREFIX = ".partial-"  # a file being written by store_whole, renamed into place when done
