"""An upload's life: created with its length, appended to at its offset, checked when complete,
taken once by a submission, or ended by its partner or by expiry.

STUB laid by the lead: the tus helper replaces the bodies; the signatures are the contract.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from footage.encoding import MediaError
from footage.models import Upload
from footage.uploads.files import upload_file_delete, upload_path


class UploadError(Exception):
    """An upload cannot be used as asked; the message says why, for the partner."""


def upload_expiry():
    return timezone.now() + timedelta(hours=settings.UPLOAD_EXPIRY_HOURS)


def upload_from_path(*, partner, path, purpose=Upload.Purpose.MASTER, created_by=None, filename=""):
    """A finished upload made from a file on disk, as if sent in one piece: for tests, the demo
    and scripts. Runs the same checks as the protocol's last byte (upload_finish)."""
    size = Path_size(path)
    upload = Upload.objects.create(
        partner=partner,
        created_by=created_by,
        purpose=purpose,
        filename=filename or str(path).rsplit("/", 1)[-1],
        length=size,
        expires_at=upload_expiry(),
    )
    target = upload_path(upload)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "rb") as source, open(target, "wb") as out:
        while block := source.read(1024 * 1024):
            out.write(block)
    Upload.objects.filter(pk=upload.pk).update(offset=size)
    upload.offset = size
    return upload_finish(upload=upload)


def Path_size(path) -> int:
    import os

    return os.path.getsize(path)


def upload_finish(*, upload: Upload) -> Upload:
    """Check a complete upload by its content (a master: footage.services.master_check; a
    release form: PDF or image) and mark it ready, with what a master holds; or failed, with
    the reason, its file deleted. Raises MediaError with the reason when refused."""
    from footage.services import _picture_fields, master_check

    try:
        probe = master_check(str(upload_path(upload)))
    except MediaError as error:
        Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.FAILED, error=str(error))
        upload_file_delete(upload)
        raise
    fields = _picture_fields(probe)
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.READY, **fields)
    upload.refresh_from_db()
    return upload


@transaction.atomic
def upload_consume(*, upload: Upload, partner, purpose: str) -> Upload:
    """Take a ready upload for a submission, once: locks the row, checks it is the partner's,
    of `purpose`, and ready; marks it used and deletes its file after the commit (the caller
    has stored a copy in the same transaction). Raises UploadError saying what is wrong."""
    locked = Upload.objects.select_for_update().filter(pk=upload.pk, partner=partner).first()
    if locked is None:
        raise UploadError("No such upload.")
    if locked.purpose != purpose:
        raise UploadError(f"Upload {locked.public_id} is a {locked.get_purpose_display().lower()}.")
    if locked.status != Upload.Status.READY:
        raise UploadError(f"Upload {locked.public_id} is {locked.get_status_display().lower()}.")
    locked.status = Upload.Status.USED
    locked.save(update_fields=["status", "updated_at"])
    transaction.on_commit(lambda: upload_file_delete(locked))
    return locked
