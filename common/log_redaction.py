"""Secrets never reach a log line: a logging filter that blanks them out of every message.

Download links and password-reset links carry their secret in the path, and Django logs the
path of every 4xx/5xx answer (django.request) and every request under runserver (django.server);
an API key could reach a message through a header echoed in an error. settings.LOGGING puts this
filter on every handler.
"""

import logging
import re

REDACTED = "[redacted]"
PATTERNS = [
    # /api/v1/downloads/<signed token>/
    (re.compile(r"(/downloads/)[^/\s?\"']+"), rf"\g<1>{REDACTED}"),
    # /accounts/reset/<uid>/<token>/ (Django swaps the token for "set-password" at once)
    (re.compile(r"(/reset/[^/\s]+/)(?!set-password\b)[^/\s?\"']+"), rf"\g<1>{REDACTED}"),
    # Authorization: Api-Key <prefix>.<secret>
    (re.compile(r"(Api-Key\s+)[^\s\"',]+", re.IGNORECASE), rf"\g<1>{REDACTED}"),
]


def redact(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
