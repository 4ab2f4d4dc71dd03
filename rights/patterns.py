"""How the restriction language's phrases are compiled: case-insensitive, verbose patterns."""

import re


def phrase(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)
