"""Placeholder artwork drawn with Pillow: demo data needs nothing from the network."""

import io
import textwrap

from django.core.files.base import ContentFile
from PIL import Image, ImageColor, ImageDraw, ImageFont


def _font(size: int):
    return ImageFont.load_default(size=size)


def _gradient(width: int, height: int, colour: str) -> Image.Image:
    base = ImageColor.getrgb(colour)
    top = tuple(min(255, int(c * 1.25) + 20) for c in base)
    bottom = tuple(int(c * 0.45) for c in base)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        shade = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=shade)
    return image


def _encode(image: Image.Image, name: str, fmt: str) -> ContentFile:
    buffer = io.BytesIO()
    options = {"quality": 82} if fmt == "JPEG" else {}
    image.save(buffer, format=fmt, **options)
    return ContentFile(buffer.getvalue(), name=name)


def profile_image(name: str, colour: str) -> ContentFile:
    """A round badge with the partner's initials."""
    size = 256
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse([0, 0, size - 1, size - 1], fill=colour)
    initials = "".join(word[0] for word in name.split()[:2]).upper()
    draw.text((size / 2, size / 2), initials, fill="white", font=_font(96), anchor="mm")
    return _encode(image, "profile.png", "PNG")


def cover_image(name: str, colour: str) -> ContentFile:
    image = _gradient(1200, 300, colour)
    ImageDraw.Draw(image).text((40, 250), name, fill="white", font=_font(44), anchor="ls")
    return _encode(image, "cover.jpg", "JPEG")


def poster_image(title: str, colour: str) -> ContentFile:
    """A 16:9 title card standing in for a poster frame until ingest makes real ones."""
    image = _gradient(960, 540, colour)
    draw = ImageDraw.Draw(image)
    lines = textwrap.wrap(title, width=34)[:4]
    y = 270 - 28 * len(lines)
    for line in lines:
        draw.text((48, y), line, fill="white", font=_font(46))
        y += 58
    return _encode(image, "poster.jpg", "JPEG")
