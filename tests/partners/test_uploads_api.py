"""The tus 1.0 endpoint with Django's test client: creation, HEAD, PATCH, termination,
checksum, expiration, and every refusal of a request answering with a sentence and leaving
nothing behind. Refusals of what an upload holds: test_uploads_content.py."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from footage.models import Upload
from tests.factories import PartnerFactory
from tests.partners.tus import (
    TUS,
    URL,
    auth,
    create,
    metadata,
    partner_with_key,
    patch,
    sha1_header,
    uploads_on_disk,
)

pytestmark = pytest.mark.django_db


def test_discovery_answers_without_a_key(client):
    response = client.options(URL)

    assert response.status_code == 204
    assert response["Tus-Resumable"] == "1.0.0"
    assert response["Tus-Version"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) == {
        "creation", "termination", "checksum", "expiration",
    }  # fmt: skip
    assert "sha1" in response["Tus-Checksum-Algorithm"].split(",")
    assert int(response["Tus-Max-Size"]) > 0


def test_an_upload_in_two_patches_becomes_a_ready_master(client, keyed, video):
    partner, member, raw = keyed

    created = create(client, raw, len(video), filename="storm.mp4", filetype="video/mp4")
    assert created.status_code == 201, created.content
    location = created["Location"]
    assert re.fullmatch(r"http://testserver/api/v1/uploads/[a-z0-9]{12}/", location)
    assert created["Upload-Expires"].endswith("GMT")
    head = client.head(location, **auth(raw))
    assert (head.status_code, head["Upload-Offset"], head["Upload-Length"]) == (
        200, "0", str(len(video)),
    )  # fmt: skip
    assert "no-store" in head["Cache-Control"]

    half = len(video) // 2
    first = patch(
        client, raw, location, video[:half], 0, HTTP_UPLOAD_CHECKSUM=sha1_header(video[:half])
    )
    assert (first.status_code, first["Upload-Offset"]) == (204, str(half))
    second = patch(client, raw, location, video[half:], half)
    assert (second.status_code, second["Upload-Offset"]) == (204, str(len(video)))

    upload = Upload.objects.get()
    assert (upload.status, upload.partner, upload.created_by) == ("ready", partner, member.user)
    assert (upload.filename, upload.filetype, upload.purpose) == (
        "storm.mp4",
        "video/mp4",
        "master",
    )
    answer = client.get(location, HTTP_AUTHORIZATION=f"Api-Key {raw}").json()
    assert answer["status"] == "ready"
    assert (answer["duration"], answer["width"], answer["height"]) == ("00:05", 64, 36)
    assert answer["offset"] == answer["length"] == len(video)


def test_every_answer_says_tus_resumable_even_a_refusal(client, keyed):
    _, _, raw = keyed
    response = client.post(URL, HTTP_AUTHORIZATION=f"Api-Key {raw}", HTTP_UPLOAD_LENGTH="10")

    assert response.status_code == 412
    assert response["Tus-Resumable"] == "1.0.0"
    assert response["Tus-Version"] == "1.0.0"
    assert "Tus-Resumable" in response.json()["detail"]
    assert not Upload.objects.exists()


def test_without_a_key_nothing_is_created(client):
    response = client.post(URL, **TUS, HTTP_UPLOAD_LENGTH="10")

    assert response.status_code == 401
    assert response["Tus-Resumable"] == "1.0.0"


def test_another_partners_upload_is_not_found(client, keyed):
    _, _, raw = keyed
    _, _, other_raw = partner_with_key(PartnerFactory(), email="other@example.com")
    location = create(client, other_raw, 10)["Location"]

    assert client.head(location, **auth(raw)).status_code == 404
    assert patch(client, raw, location, b"x" * 10, 0).status_code == 404
    assert client.delete(location, **auth(raw)).status_code == 404
    assert Upload.objects.get().offset == 0


def test_a_service_refusal_answers_in_the_error_shape_with_the_tus_headers(client, keyed):
    # footage.uploads' UploadNotFound goes to the API's exception handler, as every view's
    # refusals do; TusView adds the protocol's headers to that answer too.
    _, _, raw = keyed
    response = client.get(f"{URL}{'a' * 12}/", **auth(raw))

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no such upload.", "code": "not_found"}
    assert response["Tus-Resumable"] == "1.0.0"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("headers", "status", "words"),
    [
        ({}, 400, "Upload-Length"),
        ({"HTTP_UPLOAD_LENGTH": "-5"}, 400, "Upload-Length"),
        ({"HTTP_UPLOAD_LENGTH": "0"}, 400, "above 0"),
        ({"HTTP_UPLOAD_LENGTH": "10", "HTTP_UPLOAD_METADATA": "filename %%%"}, 400, "base64"),
        (
            {"HTTP_UPLOAD_LENGTH": "10", "HTTP_UPLOAD_METADATA": metadata(purpose="x")},
            400,
            "purpose",
        ),
    ],
)
def test_a_malformed_creation_is_a_400_with_a_sentence(client, keyed, headers, status, words):
    _, _, raw = keyed

    response = client.post(URL, **auth(raw), **headers)

    assert response.status_code == status
    assert words in response.json()["detail"]
    assert not Upload.objects.exists()
    assert not uploads_on_disk()


def test_over_size_is_refused_at_creation(client, keyed, settings):
    _, _, raw = keyed
    settings.MASTER_MAX_BYTES = 1000
    settings.RELEASE_FORM_MAX_BYTES = 100

    master = create(client, raw, 1001)
    form = create(client, raw, 101, purpose="release_form")

    assert (master.status_code, form.status_code) == (413, 413)
    assert "at most 1,000 bytes" in master.json()["detail"]
    assert "at most 100 bytes" in form.json()["detail"]
    assert not Upload.objects.exists()
    assert not uploads_on_disk()


def test_a_body_past_the_length_is_refused(client, keyed):
    _, _, raw = keyed
    location = create(client, raw, 10)["Location"]

    response = patch(client, raw, location, b"x" * 11, 0)

    assert response.status_code == 413
    assert Upload.objects.get().offset == 0


def test_a_tampered_offset_is_a_conflict(client, keyed):
    _, _, raw = keyed
    location = create(client, raw, 100)["Location"]
    patch(client, raw, location, b"x" * 40, 0)

    response = patch(client, raw, location, b"y" * 10, 20)

    assert response.status_code == 409
    assert response.json()["code"] == "offset_conflict"
    assert "has 40 bytes" in response.json()["detail"]
    assert Upload.objects.get().offset == 40
    assert uploads_on_disk().pop().read_bytes() == b"x" * 40


def test_a_wrong_checksum_keeps_nothing_of_the_body(client, keyed):
    _, _, raw = keyed
    location = create(client, raw, 100)["Location"]
    patch(client, raw, location, b"x" * 40, 0)

    response = patch(
        client, raw, location, b"y" * 10, 40, HTTP_UPLOAD_CHECKSUM=sha1_header(b"z" * 10)
    )

    assert response.status_code == 460
    assert response.json()["code"] == "checksum_mismatch"
    assert "checksum" in response.json()["detail"]
    assert Upload.objects.get().offset == 40
    assert uploads_on_disk().pop().read_bytes() == b"x" * 40


@pytest.mark.parametrize(
    ("checksum", "words"),
    [("crc32 AAAA", "not supported"), ("sha1 nope", "base64"), ("sha1", "base64")],
)
def test_a_malformed_checksum_is_a_400(client, keyed, checksum, words):
    _, _, raw = keyed
    location = create(client, raw, 100)["Location"]

    response = patch(client, raw, location, b"y" * 10, 0, HTTP_UPLOAD_CHECKSUM=checksum)

    assert response.status_code == 400
    assert words in response.json()["detail"]
    assert Upload.objects.get().offset == 0


def test_a_patch_of_another_media_type_is_a_415(client, keyed):
    _, _, raw = keyed
    location = create(client, raw, 100)["Location"]

    response = client.generic(
        "PATCH", location, data=b"x" * 10, content_type="application/octet-stream",
        **auth(raw), HTTP_UPLOAD_OFFSET="0",
    )  # fmt: skip

    assert response.status_code == 415
    assert Upload.objects.get().offset == 0


def test_termination_deletes_the_row_and_the_bytes(client, keyed):
    _, _, raw = keyed
    location = create(client, raw, 100)["Location"]
    patch(client, raw, location, b"x" * 40, 0)

    response = client.delete(location, **auth(raw))

    assert response.status_code == 204
    assert not Upload.objects.exists()
    assert not uploads_on_disk()
    assert client.head(location, **auth(raw)).status_code == 404


def test_an_expired_upload_is_gone(client, keyed):
    _, _, raw = keyed
    location = create(client, raw, 100)["Location"]
    Upload.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert client.head(location, **auth(raw)).status_code == 410
    response = patch(client, raw, location, b"x" * 10, 0)
    assert response.status_code == 410
    assert "expired" in response.json()["detail"]


def test_a_partner_has_a_cap_on_unfinished_uploads(client, keyed, settings):
    _, _, raw = keyed
    settings.UPLOADS_MAX_UNFINISHED = 2
    create(client, raw, 10)
    create(client, raw, 10)

    response = create(client, raw, 10)

    assert response.status_code == 429
    assert "unfinished or not yet submitted" in response.json()["detail"]
    assert Upload.objects.count() == 2


def test_finished_uploads_not_yet_submitted_count_toward_the_cap(client, keyed, settings):
    # Given a partner holding as many finished (ready) uploads as the cap allows
    _, _, raw = keyed
    settings.UPLOADS_MAX_UNFINISHED = 2
    create(client, raw, 10)
    create(client, raw, 10)
    Upload.objects.update(status=Upload.Status.READY, offset=10)

    # Then it cannot start another until it submits or deletes one
    assert create(client, raw, 10).status_code == 429
    Upload.objects.filter(pk=Upload.objects.first().pk).update(status=Upload.Status.USED)
    assert create(client, raw, 10).status_code == 201


def test_a_busy_upload_answers_423(client, keyed):
    _, _, raw = keyed
    location = create(client, raw, 100)["Location"]
    Upload.objects.update(lease_token="other", lease_until=timezone.now() + timedelta(seconds=30))

    response = patch(client, raw, location, b"x" * 10, 0)

    assert response.status_code == 423
    assert Upload.objects.get().offset == 0


def test_a_lapsed_lease_is_taken_over(client, keyed):
    _, _, raw = keyed
    location = create(client, raw, 100)["Location"]
    Upload.objects.update(lease_token="dead", lease_until=timezone.now() - timedelta(seconds=1))

    response = patch(client, raw, location, b"x" * 10, 0)

    assert (response.status_code, response["Upload-Offset"]) == (204, "10")
    assert Upload.objects.get().lease_token == ""


def test_a_signed_in_member_uploads_with_the_csrf_token(keyed):
    from django.test import Client

    _, member, _ = keyed
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member.user)
    browser.get("/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value if "csrftoken" in browser.cookies else None

    refused = browser.post(URL, **TUS, HTTP_UPLOAD_LENGTH="10")
    created = browser.post(URL, **TUS, HTTP_UPLOAD_LENGTH="10", HTTP_X_CSRFTOKEN=token or "")

    assert refused.status_code == 403
    assert created.status_code == 201, created.content


def test_an_upload_being_written_cannot_be_deleted_under_its_writer(client, keyed):
    # Given a request writing the upload (a live lease)
    _, _, raw = keyed
    location = create(client, raw, 100)["Location"]
    Upload.objects.update(lease_token="writer", lease_until=timezone.now() + timedelta(seconds=30))

    # Then a DELETE waits its turn (423), and works once the writer is done
    assert client.delete(location, **auth(raw)).status_code == 423
    assert Upload.objects.count() == 1
    Upload.objects.update(lease_token="", lease_until=None)
    assert client.delete(location, **auth(raw)).status_code == 204
    assert not Upload.objects.exists()
