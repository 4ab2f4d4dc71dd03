"""The tus endpoint as a script meets it: tuspy against a live server, in chunks, with a
connection cut half-way through a PATCH and a resume that completes the same file."""

import time

import pytest
import requests
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError, TusUploadFailed

from devdata.videos import synthetic_video
from footage.models import Upload
from tests.partners.tus import CuttingProxy, file_sha256, partner_with_key, uploads_on_disk

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clip_111(tmp_path):
    path = tmp_path / "tornado.mp4"
    synthetic_video(111, target=str(path))
    return path


def settled(upload_url: str, headers: dict, timeout=10.0) -> Upload:
    """The upload once the server finished the cut PATCH on its own (it may see the cut after
    the client does): some bytes recorded and no request writing.

    Asked over HTTP (HEAD) rather than by reading the row from this thread while the server
    writes it: on SQLite the live server shares this thread's in-memory database, and a read
    from here during the server's write can make that write fail ("database table is locked").
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = requests.head(upload_url, headers={**headers, "Tus-Resumable": "1.0.0"}, timeout=5)
        if int(answer.headers.get("Upload-Offset") or 0) > 0:
            break
        time.sleep(0.1)
    time.sleep(0.2)  # the writer gives up its lease just after it records the offset
    return Upload.objects.get(public_id=upload_url.rstrip("/").rsplit("/", 1)[-1])


def test_tuspy_uploads_in_chunks_with_a_checksum(live_server, clip_111):
    _, _, raw = partner_with_key()
    tus = tus_client.TusClient(
        f"{live_server.url}/api/v1/uploads/", headers={"Authorization": f"Api-Key {raw}"}
    )
    size = clip_111.stat().st_size

    uploader = tus.uploader(
        str(clip_111), chunk_size=size // 3 + 1, upload_checksum=True,
        metadata={"filename": "tornado.mp4", "filetype": "video/mp4"},
    )  # fmt: skip
    uploader.upload()

    upload = Upload.objects.get()
    assert (upload.status, upload.offset, upload.filename) == ("ready", size, "tornado.mp4")
    assert upload.duration_seconds == 111
    assert file_sha256(uploads_on_disk().pop()) == file_sha256(clip_111)


def test_a_connection_cut_half_way_through_a_patch_resumes_where_it_stopped(live_server, clip_111):
    _, _, raw = partner_with_key()
    headers = {"Authorization": f"Api-Key {raw}"}
    direct = f"{live_server.url}/api/v1/uploads/"
    size = clip_111.stat().st_size
    host, port = live_server.thread.host, live_server.thread.port
    proxy = CuttingProxy((host, port), cut_after=size // 2)
    try:
        # Given an upload created directly, then sent in one PATCH through a proxy that cuts
        # the connection half-way through the body
        first = tus_client.TusClient(direct, headers=headers).uploader(
            str(clip_111), chunk_size=size, metadata={"filename": "tornado.mp4"}
        )
        first.set_url(first.create_url())
        upload_id = first.url.rstrip("/").rsplit("/", 1)[-1]
        first.set_url(first.url.replace(f":{port}/", f":{proxy.port}/"))
        with pytest.raises((TusUploadFailed, TusCommunicationError)):
            first.upload()
        assert proxy.cut_done.is_set()

        # then the server kept what arrived: neither nothing nor everything
        kept = settled(f"{direct}{upload_id}/", headers)
        assert kept.status == "receiving"
        assert 0 < kept.offset < size

        # When the client resumes at the same address (directly this time)
        resumed = tus_client.TusClient(direct, headers=headers).uploader(
            str(clip_111), url=f"{direct}{upload_id}/", chunk_size=size
        )
        assert resumed.offset == kept.offset
        resumed.upload()
    finally:
        proxy.close()

    # Then the file is whole, byte for byte, and passed the checks
    upload = Upload.objects.get(public_id=upload_id)
    assert (upload.status, upload.offset, upload.duration_seconds) == ("ready", size, 111)
    assert file_sha256(uploads_on_disk().pop()) == file_sha256(clip_111)
    answer = requests.get(f"{direct}{upload_id}/", headers=headers, timeout=10).json()
    assert (answer["status"], answer["duration"]) == ("ready", "01:51")


def test_tuspy_retries_through_a_cut_by_itself(live_server, clip_111):
    _, _, raw = partner_with_key()
    size = clip_111.stat().st_size
    host, port = live_server.thread.host, live_server.thread.port
    proxy = CuttingProxy((host, port), cut_after=size // 2)
    try:
        tus = tus_client.TusClient(
            f"http://{host}:{proxy.port}/api/v1/uploads/",
            headers={"Authorization": f"Api-Key {raw}"},
        )
        uploader = tus.uploader(str(clip_111), chunk_size=size, retries=10, retry_delay=0.2)
        uploader.upload()
    finally:
        proxy.close()

    assert proxy.cut_done.is_set()
    upload = Upload.objects.get()
    assert (upload.status, upload.offset) == ("ready", size)
    assert file_sha256(uploads_on_disk().pop()) == file_sha256(clip_111)
