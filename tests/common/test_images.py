import io
import random
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import ContentPartner
from common.images import validate_image
from tests.factories import image_bytes, image_upload


def upload(data: bytes, name="picture.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


def huge_png(width: int, height: int) -> bytes:
    """A tiny file that declares an enormous picture: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    data = zlib.compress(row * 16)  # far fewer rows than declared; never decoded anyway
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_accepts_small_images_in_allowed_formats(fmt):
    validate_image(image_upload(f"a.{fmt.lower()}", fmt))


def test_refuses_an_empty_file():
    with pytest.raises(ValidationError, match="empty"):
        validate_image(upload(b""))


def test_refuses_a_corrupt_image():
    with pytest.raises(ValidationError, match="not a readable image"):
        validate_image(upload(b"\x89PNG\r\n\x1a\n" + b"garbage" * 50))


def test_refuses_a_truncated_image():
    data = image_bytes("JPEG", size=(400, 300))
    with pytest.raises(ValidationError, match="not a readable image"):
        validate_image(upload(data[: len(data) // 2], "cut.jpg"))


def test_refuses_a_file_that_only_pretends_to_be_an_image_by_name():
    with pytest.raises(ValidationError, match="not a readable image"):
        validate_image(upload(b"#!/bin/sh\nrm -rf /\n", "innocent.png"))


def test_refuses_formats_outside_the_allowed_list():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="GIF")
    with pytest.raises(ValidationError, match="GIF images are not accepted"):
        validate_image(upload(buffer.getvalue(), "a.gif"))


def test_refuses_an_image_over_the_byte_cap(settings):
    settings.IMAGE_MAX_BYTES = 10_000
    noise = Image.frombytes("RGB", (100, 100), random.Random(1).randbytes(100 * 100 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")  # noise does not compress: about 30 KB
    assert len(buffer.getvalue()) > 10_000
    with pytest.raises(ValidationError, match=r"the limit is 9\.8"):
        validate_image(upload(buffer.getvalue()))


def test_refuses_an_image_over_the_pixel_cap(settings):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError, match="101×100 pixels"):
        validate_image(upload(image_bytes("PNG", size=(101, 100))))


@pytest.mark.parametrize(
    "side",
    [
        10_000,  # 100 megapixels: Pillow only warns; the warning is made an error
        40_000,  # 1.6 gigapixels: Pillow refuses outright
    ],
)
def test_refuses_a_decompression_bomb_before_decoding_it(settings, side):
    settings.IMAGE_MAX_PIXELS = 10**12  # take our own cap out of the way: Pillow's guard alone
    bomb = huge_png(side, side)
    assert len(bomb) < 2000
    with pytest.raises(ValidationError, match="more pixels than it could safely") as refusal:
        validate_image(upload(bomb))
    assert refusal.value.code == "image_bomb"


def test_our_pixel_cap_stops_what_pillow_would_still_decode():
    # 64 megapixels: under Pillow's own limit, over ours (40 MP); refused before decoding.
    with pytest.raises(ValidationError, match="8000×8000 pixels") as refusal:
        validate_image(upload(huge_png(8_000, 8_000)))
    assert refusal.value.code == "image_too_many_pixels"


@pytest.mark.django_db
def test_model_validation_runs_the_same_checks():
    partner = ContentPartner(name="Bad", slug="bad")
    partner.profile_image = upload(b"not an image at all", "face.png")
    with pytest.raises(ValidationError) as refusal:
        partner.full_clean()
    assert "profile_image" in refusal.value.message_dict
