"""Validation against IPTC's own ninjs 2.2 schema (schemas/ninjs-schema_2.2.json, unchanged).

jsonschema checks the formats it has checkers for; "date-time" and "uri" need optional
packages, so the two the schema uses are checked here, offline, by RFC 3339 and RFC 3986's
rule that a URI starts with a scheme.
"""

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA = Path(__file__).parent / "schemas" / "ninjs-schema_2.2.json"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")

checker = FormatChecker()


@checker.checks("date-time")
def is_datetime(value) -> bool:
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return True


@checker.checks("uri")
def is_uri(value) -> bool:
    return not isinstance(value, str) or bool(URI.match(value))


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=checker)


def ninjs_errors(item) -> list[str]:
    """Every way `item` breaks the schema, as "path: message"."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator().iter_errors(item)
    ]
