"""Uploaded images are checked by content: format, bytes, pixels, and that Pillow decodes them."""

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError


def validate_image(value) -> None:
    """Refuse anything but a small, decodable JPEG/PNG/WebP. Stored files are not re-read."""
    if value is None or getattr(value, "_committed", False) is True:
        return
    size = value.size
    if not size:
        raise ValidationError("The image file is empty.", code="empty_image")
    if size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            f"The image is {filesizeformat(size)}; the limit is "
            f"{filesizeformat(settings.IMAGE_MAX_BYTES)}.",
            code="image_too_large",
        )
    allowed = settings.IMAGE_ALLOWED_FORMATS
    try:
        with warnings.catch_warnings():
            # Pillow only warns about a possible decompression bomb below twice its own limit.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            value.seek(0)
            with Image.open(value) as image:
                image_format, (width, height) = image.format, image.size
                if image_format not in allowed:
                    raise ValidationError(
                        f"{image_format or 'This'} images are not accepted; "
                        f"use {', '.join(allowed)}.",
                        code="image_format",
                    )
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        f"The image is {width}×{height} pixels; the limit is "
                        f"{settings.IMAGE_MAX_PIXELS:,} pixels in all.",
                        code="image_too_many_pixels",
                    )
                image.load()  # decodes every pixel: catches truncated and corrupt data
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "The image declares more pixels than it could safely be decoded into.",
            code="image_bomb",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "The file is not a readable image; it may be corrupt or of another type.",
            code="invalid_image",
        ) from None
    finally:
        value.seek(0)


class CheckedImageFormField(forms.ImageField):
    """Gives our precise messages before Django's generic "Upload a valid image"."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        validate_image(upload)
        return super().to_python(data)


class CheckedImageField(models.ImageField):
    default_validators = [validate_image]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})
