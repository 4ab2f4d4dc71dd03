"""The API's JSON parser (DRF's DEFAULT_PARSER_CLASSES): a body that is too big, too deep or
not JSON answers 400 or 413 with a sentence, before any serializer or service sees it.

DRF's own JSONParser reads the whole stream whatever its size (Django's
DATA_UPLOAD_MAX_MEMORY_SIZE guards only request.body and form data), and a body nested a
thousand levels deep raises RecursionError in the decoder: a 500. Real bodies are a few levels
deep (an order is an object holding a list of objects)."""

import codecs
import json

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

# Deeper than any body the API documents, shallow enough that nothing after parsing recurses
# anywhere near Python's limit.
MAX_JSON_DEPTH = 32


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self, limit: int):
        super().__init__(
            f"The request body is larger than {limit:,} bytes, the most the API reads; "
            "nothing was changed."
        )


def body_limit() -> int | None:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def read_bounded(stream, limit: int | None) -> bytes:
    """The whole body, refusing it as soon as it is over `limit` bytes."""
    if stream is None:
        return b""
    if limit is None:
        return stream.read()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise BodyTooLarge(limit)
    return data


def depth_over(value, limit: int) -> bool:
    """Whether `value` nests lists and objects more than `limit` deep; iterative, so a deep
    value cannot exhaust the stack while it is measured."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        raw = read_bounded(stream, body_limit())
        try:
            text = codecs.decode(raw, encoding)
        except (UnicodeDecodeError, LookupError):
            raise ParseError(f"The request body is not valid {encoding} text.") from None
        try:
            data = json.loads(text, parse_constant=self._refuse_constant)
        except RecursionError:
            raise self._too_deep() from None
        except ValueError as error:
            raise ParseError(f"The request body is not valid JSON: {error}.") from None
        if depth_over(data, MAX_JSON_DEPTH):
            raise self._too_deep()
        return data

    @staticmethod
    def _refuse_constant(name):
        raise ValueError(f"{name} is not a JSON number")

    @staticmethod
    def _too_deep() -> ParseError:
        return ParseError(
            f"The request body nests lists and objects more than {MAX_JSON_DEPTH} levels deep; "
            "no request to this API needs that many."
        )
