"""Where an upload's bytes are kept while it arrives: one file per upload under UPLOADS_ROOT,
named by its public id (never by anything the client sent)."""

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils.text import get_valid_filename


def upload_path(upload) -> Path:
    return Path(settings.UPLOADS_ROOT) / upload.public_id


def upload_file_delete(upload) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(upload_path(upload))


class UploadFile(File):
    """An upload's bytes where they lie: checks read the file in place (`path`) rather than a
    copy. Storing copies it in chunks: a move (what FileSystemStorage does with a
    temporary_file_path) would take the upload's file away from it if what used it then
    failed, and the partner could not try again."""

    def __init__(self, handle, name: str, path: Path):
        super().__init__(handle, name=name)
        self.path = str(path)


@contextlib.contextmanager
def upload_open(upload, default_name: str = "master.mp4") -> Iterator[UploadFile]:
    """The upload's file, open for reading, named by the client's file name made safe (or
    `default_name`). Raises FileNotFoundError when it has no file."""
    path = upload_path(upload)
    name = get_valid_filename(Path(upload.filename or "").name) or default_name
    with open(path, "rb") as handle:
        yield UploadFile(handle, name=name, path=path)
