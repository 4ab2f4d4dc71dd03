"""What a complete upload must be, by its content and never its name: a master passes the one
check every master passes (footage.services.master_check); a signed release form is a PDF or a
JPEG/PNG picture that Pillow decodes, within RELEASE_FORM_MAX_BYTES."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from PIL import Image, UnidentifiedImageError

from common.images import validate_image
from footage.encoding import MediaError

RELEASE_FORM_IMAGES = ("JPEG", "PNG")
PDF_MAGIC = b"%PDF-"


def release_form_check(path) -> str:
    """The file's suffix by its content (".pdf", ".jpg", ".png"); raises MediaError saying why
    the file at `path` is not a release form we accept."""
    size = os.path.getsize(path)
    limit = settings.RELEASE_FORM_MAX_BYTES
    if size > limit:
        raise MediaError(
            f"The release form is {size / 1e6:,.1f} MB; it may be at most {limit / 1e6:,.1f} MB."
        )
    with open(path, "rb") as handle:
        if handle.read(len(PDF_MAGIC)) == PDF_MAGIC:
            return ".pdf"
        handle.seek(0)
        try:
            with Image.open(handle) as image:
                kind = image.format
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            kind = None
        if kind not in RELEASE_FORM_IMAGES:
            raise MediaError(
                "A release form must be a PDF document or a JPEG or PNG picture of the signed "
                "form; this file is none of those."
            )
        handle.seek(0)
        try:
            validate_image(File(handle, name=os.path.basename(path)))
        except ValidationError as error:
            raise MediaError(" ".join(error.messages)) from None
    return ".jpg" if kind == "JPEG" else ".png"
