"""The API's JSON parser on its own: size and depth are bounded while the body is read."""

import io

import pytest
from rest_framework.exceptions import ParseError

from common.parsers import MAX_JSON_DEPTH, BodyTooLarge, BoundedJSONParser, depth_over


def parse(raw: bytes):
    return BoundedJSONParser().parse(io.BytesIO(raw), "application/json", {})


def test_a_stream_longer_than_the_limit_is_refused_after_reading_one_byte_more(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    stream = io.BytesIO(b"[" + b"1," * 1000 + b"1]")
    with pytest.raises(BodyTooLarge) as caught:
        BoundedJSONParser().parse(stream, "application/json", {})
    assert caught.value.status_code == 413
    assert stream.tell() == 11  # the rest of the body was never read
    assert parse(b"[1,2,3]") == [1, 2, 3]


def test_depth_is_measured_without_recursion():
    deep = []
    for _ in range(100_000):  # far past Python's recursion limit
        deep = [deep]
    assert depth_over(deep, MAX_JSON_DEPTH)
    assert not depth_over({"items": [{"asset": "x"}]}, 3)
    assert depth_over({"items": [{"asset": ["x"]}]}, 3)


@pytest.mark.parametrize("raw", [b"[" * 5000 + b"]" * 5000, b'{"a":' * 40 + b"1" + b"}" * 40])
def test_deep_bodies_are_a_parse_error(raw):
    with pytest.raises(ParseError, match="levels deep"):
        parse(raw)
