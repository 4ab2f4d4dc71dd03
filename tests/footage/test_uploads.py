"""footage.uploads: the protocol's writes without HTTP: streaming in blocks with flat memory,
one writer at a time, the checks at the last byte (masters and release forms), consumption,
and expiry with its command."""

import io
import json
import os
import threading
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from devdata.videos import synthetic_video
from footage.encoding import MediaError
from footage.models import Upload
from footage.uploads import services
from footage.uploads.errors import UploadBusy, UploadError, UploadRefused
from footage.uploads.files import upload_path
from footage.uploads.services import (
    upload_append,
    upload_consume,
    upload_create,
    upload_from_path,
)
from tests.factories import PartnerFactory


@pytest.fixture(autouse=True)
def own_uploads_root(settings, tmp_path):
    settings.UPLOADS_ROOT = tmp_path / "uploads"


def files_under(root) -> set[Path]:
    root = Path(root)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


class Zeros:
    """A body of `size` zero bytes that refuses to be read whole: any read larger than a
    block, or of everything at once, fails the test."""

    def __init__(self, size: int):
        self.left = size
        self.largest = 0

    def read(self, n=-1):
        assert n is not None and 0 < n <= services.BLOCK, f"read({n}) would hold the body"
        self.largest = max(self.largest, n)
        n = min(n, self.left)
        self.left -= n
        return bytes(n)


class Slow:
    """A body that hands out its first block, then waits for `release` before the rest."""

    def __init__(self, data: bytes, release: threading.Event):
        self.data, self.release, self.started = data, release, threading.Event()

    def read(self, n=-1):
        if self.started.is_set():
            self.release.wait(10)
        self.started.set()
        block, self.data = self.data[:n], self.data[n:]
        return block


@pytest.mark.django_db
def test_a_body_is_copied_in_blocks_and_memory_stays_flat(settings):
    # Given a 64 MB body that fails if read whole, to an upload that is not finished by it
    upload = upload_create(partner=PartnerFactory(), length=100 * 1024 * 1024)
    body = Zeros(64 * 1024 * 1024)

    tracemalloc.start()
    try:
        upload = upload_append(upload=upload, offset=0, stream=body, content_length=64 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert upload.offset == 64 << 20
    assert os.path.getsize(upload_path(upload)) == 64 << 20
    assert body.largest == services.BLOCK
    assert peak < 4 * services.BLOCK, f"peak {peak:,} bytes while copying 64 MB"


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_one_wins_the_other_is_busy():
    upload = upload_create(partner=PartnerFactory(), length=4 * services.BLOCK)
    release = threading.Event()
    slow = Slow(b"a" * 2 * services.BLOCK, release)
    outcome = {}

    def first():
        outcome["first"] = upload_append(
            upload=Upload.objects.get(pk=upload.pk), offset=0, stream=slow,
            content_length=2 * services.BLOCK,
        ).offset  # fmt: skip

    writer = threading.Thread(target=first)
    writer.start()
    assert slow.started.wait(10)
    try:
        # While the first PATCH is still streaming, a second at the same offset is refused
        with pytest.raises(UploadBusy, match="Another request"):
            upload_append(
                upload=Upload.objects.get(pk=upload.pk), offset=0,
                stream=io.BytesIO(b"b" * 10), content_length=10,
            )  # fmt: skip
    finally:
        release.set()
        writer.join(10)

    assert outcome["first"] == 2 * services.BLOCK
    assert upload_path(upload).read_bytes() == b"a" * 2 * services.BLOCK
    assert Upload.objects.get(pk=upload.pk).lease_token == ""


class Recording:
    """A body of `blocks` blocks that notes the upload's recorded offset before each read."""

    def __init__(self, upload, blocks: int, on_read=None):
        self.upload, self.left, self.seen, self.on_read = upload, blocks, [], on_read

    def read(self, n=-1):
        self.seen.append(Upload.objects.get(pk=self.upload.pk).offset)
        if self.on_read:
            self.on_read(len(self.seen))
        if not self.left:
            return b""
        self.left -= 1
        return b"z" * n


@pytest.mark.django_db
def test_a_long_body_renews_its_lease_and_records_its_progress(monkeypatch):
    monkeypatch.setattr(services, "LEASE_RENEW_SECONDS", -1)  # renew after every block
    upload = upload_create(partner=PartnerFactory(), length=10 * services.BLOCK)
    body = Recording(upload, 3)

    upload = upload_append(upload=upload, offset=0, stream=body, content_length=3 * services.BLOCK)

    # progress was recorded while the body streamed (each renewal, before a block is written,
    # records the blocks before it), so a dead worker's bytes still count
    assert body.seen == [0, 0, services.BLOCK]
    assert upload.offset == 3 * services.BLOCK


@pytest.mark.django_db
def test_a_writer_that_lost_its_lease_stops(monkeypatch):
    monkeypatch.setattr(services, "LEASE_RENEW_SECONDS", -1)
    upload = upload_create(partner=PartnerFactory(), length=10 * services.BLOCK)

    def taken_over(reads):  # another request claimed the row after this one's lease ran out
        if reads == 2:
            Upload.objects.filter(pk=upload.pk).update(lease_token="other")

    with pytest.raises(UploadBusy, match="taken over"):
        upload_append(
            upload=upload, offset=0, stream=Recording(upload, 3, taken_over),
            content_length=3 * services.BLOCK,
        )  # fmt: skip
    assert Upload.objects.get(pk=upload.pk).lease_token == "other"
    # the block read after the takeover never reached the file: the lease is renewed (and
    # found lost) before a block is written, not after
    assert upload_path(upload).stat().st_size == services.BLOCK


@pytest.mark.django_db
def test_a_cut_body_keeps_what_arrived_without_a_checksum():
    upload = upload_create(partner=PartnerFactory(), length=100)

    # The client said 60 bytes and went away after 25
    upload = upload_append(upload=upload, offset=0, stream=io.BytesIO(b"x" * 25), content_length=60)

    assert upload.offset == 25
    assert upload_path(upload).read_bytes() == b"x" * 25


@pytest.mark.django_db
def test_a_cut_body_with_a_checksum_keeps_nothing():
    upload = upload_create(partner=PartnerFactory(), length=100)
    checksum = services.checksum_parse("sha1 " + "A" * 27 + "=")

    upload = upload_append(
        upload=upload, offset=0, stream=io.BytesIO(b"x" * 25), content_length=60,
        checksum=checksum,
    )  # fmt: skip

    assert upload.offset == 0
    assert upload_path(upload).read_bytes() == b""


@pytest.mark.django_db
def test_a_file_shorter_than_the_row_says_asks_the_client_to_resume_from_disk():
    upload = upload_create(partner=PartnerFactory(), length=100)
    upload = upload_append(upload=upload, offset=0, stream=io.BytesIO(b"x" * 50), content_length=50)
    with open(upload_path(upload), "r+b") as handle:
        handle.truncate(30)  # the machine crashed before the last bytes reached the disk

    with pytest.raises(UploadError, match="Only 30 bytes"):
        upload_append(upload=upload, offset=50, stream=io.BytesIO(b"y" * 10), content_length=10)

    assert Upload.objects.get(pk=upload.pk).offset == 30


# --- the checks at the last byte -------------------------------------------------------------


def form_upload(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return upload_from_path(
        partner=PartnerFactory(), path=path, purpose=Upload.Purpose.RELEASE_FORM
    )


def picture(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((200, 150), 60).convert("RGB").save(buffer, kind)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("form.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"),
        ("form.jpg", picture("JPEG")),
        ("form.png", picture("PNG")),
    ],
)
def test_a_release_form_may_be_a_pdf_or_a_picture(tmp_path, name, data):
    upload = form_upload(tmp_path, name, data)

    assert upload.status == Upload.Status.READY
    assert upload_path(upload).read_bytes() == data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("form.pdf", b"<html>a signed form, honest</html>", "PDF document or a JPEG or PNG"),
        ("form.gif", b"GIF89a" + bytes(20), "PDF document or a JPEG or PNG"),
        ("form.png", picture("PNG")[:20_000], "not a readable image"),
    ],
)
def test_anything_else_as_a_release_form_is_refused_and_deleted(tmp_path, name, data, words):
    with pytest.raises(MediaError, match=words):
        form_upload(tmp_path, name, data)

    upload = Upload.objects.get()
    assert upload.status == Upload.Status.FAILED
    assert words in upload.error
    assert not files_under(tmp_path / "uploads")


@pytest.mark.django_db
def test_a_release_form_over_its_limit_is_refused(tmp_path, settings):
    settings.RELEASE_FORM_MAX_BYTES = 10

    with pytest.raises(MediaError, match="at most"):
        form_upload(tmp_path, "form.pdf", b"%PDF-1.4 and more than ten bytes")
    assert not files_under(tmp_path / "uploads")


@pytest.mark.django_db
def test_a_refused_master_at_the_last_patch_is_failed_with_its_reason():
    upload = upload_create(partner=PartnerFactory(), length=12)

    with pytest.raises(UploadRefused, match="not a video"):
        upload_append(
            upload=upload, offset=0, stream=io.BytesIO(b"hello world!"), content_length=12
        )

    failed = Upload.objects.get()
    assert (failed.status, failed.offset, failed.lease_token) == ("failed", 12, "")
    assert not upload_path(failed).exists()


@pytest.mark.django_db
def test_a_master_over_the_limit_is_refused_by_master_check(tmp_path, settings):
    path = tmp_path / "clip.mp4"
    synthetic_video(2, target=str(path))
    settings.MASTER_MAX_BYTES = 100

    with pytest.raises(MediaError, match="at most"):
        upload_from_path(partner=PartnerFactory(), path=path)
    assert not files_under(tmp_path / "uploads")


@pytest.mark.django_db(transaction=True)
def test_a_ready_upload_is_consumed_once_and_its_file_goes(tmp_path):
    path = tmp_path / "clip.mp4"
    synthetic_video(3, target=str(path))
    partner = PartnerFactory()
    upload = upload_from_path(partner=partner, path=path)
    assert (upload.status, upload.duration_seconds, upload.width) == ("ready", 3, 64)

    upload_consume(upload=upload, partner=partner, purpose=Upload.Purpose.MASTER)

    assert Upload.objects.get().status == Upload.Status.USED
    assert not upload_path(upload).exists()
    with pytest.raises(UploadError, match="is used"):
        upload_consume(upload=upload, partner=partner, purpose=Upload.Purpose.MASTER)
    with pytest.raises(UploadError, match="No such upload"):
        upload_consume(upload=upload, partner=PartnerFactory(), purpose=Upload.Purpose.MASTER)


# --- expiry ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_uploads_expire_deletes_abandoned_rows_files_and_strays(tmp_path, settings):
    partner = PartnerFactory()
    abandoned = upload_create(partner=partner, length=100)
    upload_append(upload=abandoned, offset=0, stream=io.BytesIO(b"x" * 10), content_length=10)
    fresh = upload_create(partner=partner, length=100)
    Upload.objects.filter(pk=abandoned.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    stray = Path(settings.UPLOADS_ROOT) / "nobodysfile1"
    stray.write_bytes(b"left by a crash")
    old = time.time() - 3600
    os.utime(stray, (old, old))

    out = io.StringIO()
    call_command("uploads_expire", stdout=out)

    assert json.loads(out.getvalue()) == {"expired": 1, "stray_files": 1}
    assert list(Upload.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert files_under(settings.UPLOADS_ROOT) == {upload_path(fresh)}


@pytest.mark.django_db
def test_a_young_stray_file_is_left_for_the_grace_period(settings):
    Path(settings.UPLOADS_ROOT).mkdir(parents=True)
    young = Path(settings.UPLOADS_ROOT) / "justwritten1"
    young.write_bytes(b"a PATCH finishing after its upload was deleted")
    now = time.time()  # the test's clock: the file system stamps files by the real one
    os.utime(young, (now, now))

    call_command("uploads_expire", stdout=io.StringIO())
    assert young.exists()
    call_command("uploads_expire", "--grace", "0", stdout=io.StringIO())
    assert not young.exists()
