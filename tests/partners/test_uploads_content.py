"""An upload is checked by what it holds once its last byte is in: a master must be a video the
probe reads whole (not notes, not a playlist, not a cut file), a release form a PDF or a picture;
a refused one leaves nothing behind."""

import pytest

from catalog.models import VideoAsset
from footage.models import Upload
from tests.partners.tus import auth, create, patch, uploads_on_disk

pytestmark = pytest.mark.django_db


def test_a_non_video_is_refused_at_its_last_byte_and_leaves_nothing(client, keyed):
    _, _, raw = keyed
    text = b"just some notes, not footage\n" * 20
    location = create(client, raw, len(text), filename="notes.mp4")["Location"]

    response = patch(client, raw, location, text, 0)

    assert response.status_code == 422
    assert "not a video" in response.json()["detail"]
    upload = Upload.objects.get()
    assert upload.status == "failed"
    assert "not a video" in upload.error
    assert not uploads_on_disk()
    assert not VideoAsset.objects.exists()
    assert client.head(location, **auth(raw)).status_code == 410
    assert client.get(location, HTTP_AUTHORIZATION=f"Api-Key {raw}").json()["error"]


def test_a_playlist_is_refused_by_its_content(client, keyed):
    _, _, raw = keyed
    playlist = b"#EXTM3U\n#EXTINF:10,\nfile:///etc/passwd\n"
    location = create(client, raw, len(playlist), filename="clip.mp4")["Location"]

    response = patch(client, raw, location, playlist, 0)

    assert response.status_code == 422
    assert "playlist" in response.json()["detail"]
    assert not uploads_on_disk()


def test_a_truncated_video_uploaded_whole_is_refused_by_the_probe(client, keyed, video):
    _, _, raw = keyed
    cut = video[: len(video) // 3]
    location = create(client, raw, len(cut), filename="cut.mp4")["Location"]

    response = patch(client, raw, location, cut, 0)

    assert response.status_code == 422
    assert Upload.objects.get().status == "failed"
    assert not uploads_on_disk()
    assert not VideoAsset.objects.exists()


def test_a_release_form_that_is_not_a_pdf_or_picture_is_refused(client, keyed):
    _, _, raw = keyed
    text = b"I agree. Signed, someone\n"
    location = create(client, raw, len(text), filename="release.pdf", purpose="release_form")[
        "Location"
    ]

    response = patch(client, raw, location, text, 0)

    assert response.status_code == 422
    assert "PDF document or a JPEG or PNG" in response.json()["detail"]
    assert Upload.objects.get().status == "failed"
    assert not uploads_on_disk()


def test_a_pdf_release_form_is_ready(client, keyed):
    _, _, raw = keyed
    pdf = b"%PDF-1.4\n%%EOF\n"
    location = create(client, raw, len(pdf), purpose="release_form")["Location"]

    response = patch(client, raw, location, pdf, 0)

    assert response.status_code == 204
    assert Upload.objects.get().purpose == "release_form"
    assert Upload.objects.get().status == "ready"
