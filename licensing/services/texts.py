"""Short texts a buyer gives a licensing service (a download's project code and note, a use's
title, address and note): trimmed, bounded, and free of control characters, with a sentence
naming the field when they are not. The API's serializers and the site's forms bound the
same lengths; this is what both paths go through."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from licensing.services.errors import InputInvalid

# Besides C0/C1 controls (Unicode category Cc): the marks that reverse or isolate the direction
# of the text around them, which would make a title shown to partners read as something else.
DIRECTION_MARKS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" or ch in DIRECTION_MARKS for ch in text)


def bounded_text(value, *, field: str, label: str, max_length: int, required=False) -> str:
    """`value` trimmed; raises InputInvalid (400, naming `field`) for anything but text of at
    most `max_length` characters without control characters, or blank text when required."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputInvalid(f"{label} must be text.", fields=(field,))
    text = value.strip()
    if has_control_characters(text):
        raise InputInvalid(
            f"{label} must not contain control characters (line breaks, tabs and the like).",
            fields=(field,),
        )
    if len(text) > max_length:
        raise InputInvalid(
            f"{label} is {len(text)} characters long; at most {max_length} are allowed.",
            fields=(field,),
        )
    if required and not text:
        raise InputInvalid(f"{label} is required.", fields=(field,))
    return text


def web_address(value, *, field: str, label: str, max_length: int) -> str:
    """An optional http(s) address, as bounded_text checks it and a valid URL; "" for none."""
    text = bounded_text(value, field=field, label=label, max_length=max_length)
    if not text:
        return ""
    try:
        _WEB_ADDRESS(text)
    except ValidationError:
        raise InputInvalid(
            f"{label} must be a web address starting with http:// or https://.", fields=(field,)
        ) from None
    return text
