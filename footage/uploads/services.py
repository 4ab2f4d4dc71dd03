"""An upload's life: created with its length, appended to at its offset, checked when complete,
taken once by a submission, or ended by its partner or by expiry (footage.uploads.expiry).

One writer at a time. A PATCH body may take minutes to arrive, so no transaction or row lock is
held while it streams: a PATCH first *claims* the row with one conditional UPDATE (status
receiving, offset as the client says, not expired, no live lease) that sets a lease token and a
deadline. Exactly one of two concurrent PATCHes matches that UPDATE (the database serialises
writes to the row, on SQLite and PostgreSQL alike); the other is told the upload is busy (423,
which tus clients retry). The writer renews its lease while bytes arrive and gives it up at the
end; a worker that died leaves a lease that simply runs out. Because the lease is in the row,
it holds across processes and machines sharing UPLOADS_ROOT.

The body is copied to the file in BLOCK-sized reads, never held whole in memory.
"""

import base64
import binascii
import hashlib
import os
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import UnreadablePostError
from django.utils import timezone

from catalog.models import ContentPartner
from footage.encoding import MediaError
from footage.models import Upload
from footage.services import master_check, picture_fields
from footage.uploads.checks import release_form_check
from footage.uploads.errors import (
    UploadBusy,
    UploadChecksumMismatch,
    UploadConflict,
    UploadError,
    UploadGone,
    UploadInvalid,
    UploadLimitReached,
    UploadNotFound,
    UploadRefused,
    UploadTooLarge,
)
from footage.uploads.files import upload_file_delete, upload_path

__all__ = ["UploadError", "upload_append", "upload_consume", "upload_create", "upload_finish"]

BLOCK = 1024 * 1024  # bytes read from the body and written per step
LEASE_SECONDS = 30  # a writer that stalls this long (or died) loses its claim
LEASE_RENEW_SECONDS = 5  # how often a live writer renews it (and records its offset)
CHECKSUMS = {"sha1": hashlib.sha1, "md5": hashlib.md5, "sha256": hashlib.sha256}


def upload_expiry():
    return timezone.now() + timedelta(hours=settings.UPLOAD_EXPIRY_HOURS)


def upload_max_bytes(purpose: str) -> int:
    if purpose == Upload.Purpose.RELEASE_FORM:
        return settings.RELEASE_FORM_MAX_BYTES
    return settings.MASTER_MAX_BYTES


def checksum_parse(header: str | None) -> tuple[str, bytes] | None:
    """Upload-Checksum `<algorithm> <base64 digest>` as (algorithm, digest), None when absent."""
    if not header:
        return None
    algorithm, _, encoded = header.strip().partition(" ")
    algorithm = algorithm.lower()
    if algorithm not in CHECKSUMS:
        raise UploadInvalid(
            f"Upload-Checksum algorithm {algorithm[:20]!r} is not supported; use one of "
            f"{', '.join(CHECKSUMS)}."
        )
    try:
        digest = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        digest = b""
    if len(digest) != CHECKSUMS[algorithm]().digest_size:
        raise UploadInvalid(f"Upload-Checksum must be '{algorithm} <base64 of the digest>'.")
    return algorithm, digest


def upload_create(
    *, partner, length: int, purpose=Upload.Purpose.MASTER, filename="", filetype="",
    created_by=None,
) -> Upload:  # fmt: skip
    """A new, empty upload of `length` bytes. Refuses a size over the purpose's limit and a
    partner already holding UPLOADS_MAX_UNFINISHED unfinished uploads (so nobody fills the
    disk)."""
    if purpose not in Upload.Purpose.values:
        raise UploadInvalid(f"purpose must be one of {', '.join(Upload.Purpose.values)}.")
    if length <= 0:
        raise UploadInvalid("Upload-Length must be a whole number of bytes above 0.")
    limit = upload_max_bytes(purpose)
    if length > limit:
        raise UploadTooLarge(
            f"The file is {length:,} bytes; a {Upload.Purpose(purpose).label.lower()} may be at "
            f"most {limit:,} bytes."
        )
    with transaction.atomic():
        # The partner's row is the lock that makes the cap exact when two creations race.
        ContentPartner.objects.select_for_update().filter(pk=partner.pk).first()
        # Finished uploads not yet submitted hold their bytes too (up to a day), so they count:
        # the cap bounds the disk one partner can hold, not only the uploads in flight.
        waiting = Upload.objects.filter(
            partner=partner,
            status__in=[Upload.Status.RECEIVING, Upload.Status.READY],
            expires_at__gt=timezone.now(),
        ).count()
        cap = settings.UPLOADS_MAX_UNFINISHED
        if waiting >= cap:
            raise UploadLimitReached(
                f"You have {waiting} uploads unfinished or not yet submitted, the most a "
                "partner may hold; submit, finish or delete one (or wait for it to expire) "
                "before starting another."
            )
        upload = Upload.objects.create(
            partner=partner,
            created_by=created_by,
            purpose=purpose,
            filename=filename[:255],
            filetype=filetype[:100],
            length=length,
            expires_at=upload_expiry(),
        )
    target = upload_path(upload)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.touch()
    return upload


def upload_for(*, partner, public_id: str) -> Upload:
    """The partner's upload, or UploadNotFound (another partner's is not found either)."""
    upload = Upload.objects.filter(partner=partner, public_id=public_id).first()
    if upload is None:
        raise UploadNotFound("There is no such upload.")
    return upload


def upload_is_expired(upload: Upload) -> bool:
    return upload.status == Upload.Status.RECEIVING and upload.expires_at <= timezone.now()


def upload_append(
    *, upload: Upload, offset: int, stream, content_length: int, checksum=None
) -> Upload:
    """Write the body (`content_length` bytes from `stream`) at `offset`, as a tus PATCH.

    Without a checksum, a body cut short keeps what arrived, so the client resumes from there.
    With one, the bytes are kept only when all arrived and match; otherwise the file is cut
    back and nothing changes. At the last byte the file is checked (upload_finish)."""
    if offset + content_length > upload.length:
        raise UploadTooLarge(
            f"{content_length:,} bytes at offset {offset:,} would pass the upload's length "
            f"({upload.length:,} bytes)."
        )
    token = _claim(upload, offset)
    upload.offset = offset
    released = False
    try:
        written = _copy(upload, offset, stream, content_length, checksum, token)
        upload.offset = offset + written
        complete = upload.offset == upload.length
        fields = {"offset": upload.offset, "expires_at": upload_expiry()} if written else {}
        if not complete:  # one write records the bytes and lets the next PATCH in
            fields.update(lease_token="", lease_until=None)
            released = True
        if fields:
            Upload.objects.filter(pk=upload.pk, lease_token=token).update(**fields)
        if complete:  # still holding the lease, so no second PATCH finishes it twice
            upload_finish(upload=upload)
    except MediaError as error:
        raise UploadRefused(str(error)) from None
    finally:
        if not released:
            Upload.objects.filter(pk=upload.pk, lease_token=token).update(
                lease_token="", lease_until=None
            )
    try:
        upload.refresh_from_db()
    except Upload.DoesNotExist:  # the expiry sweep took it as this request ended
        raise UploadGone("This upload expired and was deleted; start a new one.") from None
    return upload


def _claim(upload: Upload, offset: int) -> str:
    """Take the row for this writer, or say why not (expired, busy, wrong offset, finished)."""
    now = timezone.now()
    token = secrets.token_hex(16)
    claimed = (
        Upload.objects.filter(
            pk=upload.pk, status=Upload.Status.RECEIVING, offset=offset, expires_at__gt=now
        )
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        .update(lease_token=token, lease_until=now + timedelta(seconds=LEASE_SECONDS))
    )
    if claimed:
        on_disk = _size_on_disk(upload)
        if on_disk < offset:  # the file lost bytes the row counts (a crash before a flush)
            Upload.objects.filter(pk=upload.pk, lease_token=token).update(
                offset=on_disk, lease_token="", lease_until=None
            )
            raise UploadConflict(
                f"Only {on_disk:,} bytes of this upload are stored; ask for the offset again "
                "(HEAD) and resume from there."
            )
        return token
    current = Upload.objects.filter(pk=upload.pk).first()
    if current is None:
        raise UploadNotFound("There is no such upload.")
    if upload_is_expired(current):
        raise UploadGone("This upload expired before it was finished; start a new one.")
    if current.status == Upload.Status.FAILED:
        raise UploadGone(f"This upload was refused: {current.error}")
    if current.status != Upload.Status.RECEIVING:
        raise UploadConflict(f"This upload is {current.get_status_display().lower()}.")
    if current.offset != offset:
        raise UploadConflict(
            f"Upload-Offset is {offset:,} but the upload has {current.offset:,} bytes; resume "
            "from there."
        )
    raise UploadBusy("Another request is writing this upload; try again in a moment.")


def _size_on_disk(upload: Upload) -> int:
    try:
        return os.path.getsize(upload_path(upload))
    except FileNotFoundError:
        return 0


def _copy(upload, offset, stream, content_length, checksum, token) -> int:
    """Copy the body to the file at `offset` block by block; returns the bytes kept."""
    hasher = CHECKSUMS[checksum[0]]() if checksum else None
    path = upload_path(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    written, renewed = 0, time.monotonic()
    with open(path, "r+b" if path.exists() else "w+b") as out:
        out.seek(offset)
        out.truncate(offset)  # bytes past the offset are a dead writer's, never counted
        while written < content_length:
            try:
                block = stream.read(min(BLOCK, content_length - written))
            except (OSError, UnreadablePostError):  # the client went away mid-body
                block = b""
            if not block:
                break
            # Renew before writing, never after: a writer that stalled past its lease learns
            # it lost the upload before a byte of this block reaches the file.
            if time.monotonic() - renewed > LEASE_RENEW_SECONDS:
                out.flush()
                _renew(upload, token, offset + written if not checksum else None)
                renewed = time.monotonic()
            out.write(block)
            written += len(block)
            if hasher:
                hasher.update(block)
        if checksum and (written < content_length or hasher.digest() != checksum[1]):
            out.truncate(offset)
            if written == content_length:
                raise UploadChecksumMismatch(
                    f"The body does not match its {checksum[0]} checksum; nothing of it was "
                    "kept. Send it again."
                )
            return 0
    return written


def _renew(upload, token, offset) -> None:
    fields = {"lease_until": timezone.now() + timedelta(seconds=LEASE_SECONDS)}
    if offset is not None:  # no checksum to wait for: what arrived counts already
        fields["offset"] = offset
    if not Upload.objects.filter(pk=upload.pk, lease_token=token).update(**fields):
        raise UploadBusy("This upload was taken over by another request after a long stall.")


def upload_terminate(*, upload: Upload) -> None:
    """The partner ends the upload (tus termination): its row and bytes go, unless a
    submission already took it."""
    if upload.status == Upload.Status.USED:
        raise UploadConflict("This upload was already submitted; it cannot be deleted.")
    # Not while a request writes it (a live lease): that writer would finish on a row that is
    # gone. The client deletes it once its PATCH has ended, or once the lease ran out.
    idle = Q(lease_until__isnull=True) | Q(lease_until__lte=timezone.now())
    deleted, _ = (
        Upload.objects.filter(idle, pk=upload.pk).exclude(status=Upload.Status.USED).delete()
    )
    if deleted:
        upload_file_delete(upload)
    elif Upload.objects.filter(pk=upload.pk).exclude(status=Upload.Status.USED).exists():
        raise UploadBusy("A request is writing this upload; delete it once that has ended.")


def upload_from_path(*, partner, path, purpose=Upload.Purpose.MASTER, created_by=None, filename=""):
    """A finished upload made from a file on disk, as if sent in one piece: for tests, the demo
    and scripts. Runs the same checks as the protocol's last byte (upload_finish)."""
    size = os.path.getsize(path)
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
        while block := source.read(BLOCK):
            out.write(block)
    Upload.objects.filter(pk=upload.pk).update(offset=size)
    upload.offset = size
    return upload_finish(upload=upload)


def upload_finish(*, upload: Upload) -> Upload:
    """Check a complete upload by its content (a master: footage.services.master_check; a
    release form: PDF or image) and mark it ready, with what a master holds; or failed, with
    the reason, its file deleted. Raises MediaError with the reason when refused."""
    path = upload_path(upload)
    try:
        if upload.purpose == Upload.Purpose.RELEASE_FORM:
            release_form_check(path)
            fields = {}
        else:
            fields = picture_fields(master_check(str(path)))
    except MediaError as error:
        Upload.objects.filter(pk=upload.pk).update(
            status=Upload.Status.FAILED, error=str(error), offset=upload.length
        )
        upload_file_delete(upload)
        raise
    Upload.objects.filter(pk=upload.pk).update(
        status=Upload.Status.READY, offset=upload.length, expires_at=upload_expiry(), **fields
    )
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
