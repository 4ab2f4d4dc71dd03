"""Secrets in a request never reach the logs: download tokens, reset links, API keys."""

import io
import logging

import pytest

from common.log_redaction import RedactSecrets, redact

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """What the configured console handler (settings.LOGGING) writes, while the test runs."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactSecrets) for f in h.filters)
    )
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


def test_a_refused_download_link_is_logged_without_its_token(client, console):
    token = "eyJsaWNlbnNlIjoxfQ:1vXyZq:secret-signature-part"
    response = client.get(f"/api/v1/downloads/{token}/")
    assert response.status_code >= 400
    logged = console.getvalue()
    assert "/api/v1/downloads/[redacted]/" in logged
    assert "secret-signature-part" not in logged


def test_a_wrong_api_key_is_logged_without_the_key(client, console):
    client.get("/api/v1/orders/", HTTP_AUTHORIZATION="Api-Key ab12cd.not-a-real-secret")
    logging.getLogger("licensing").warning(
        "Refused Authorization: Api-Key ab12cd.not-a-real-secret"
    )
    assert "not-a-real-secret" not in console.getvalue()
    assert "Api-Key [redacted]" in console.getvalue()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '"GET /accounts/reset/MQ/cbx-1a2b3c/ HTTP/1.1" 302',
            '"GET /accounts/reset/MQ/[redacted]/ HTTP/1.1" 302',
        ),
        (
            '"GET /accounts/reset/MQ/set-password/ HTTP/1.1" 200',
            '"GET /accounts/reset/MQ/set-password/ HTTP/1.1" 200',
        ),
        ("Gone: /api/v1/downloads/abc.def:ghi/", "Gone: /api/v1/downloads/[redacted]/"),
        ("Not Found: /clips/abc/", "Not Found: /clips/abc/"),
    ],
)
def test_redact_blanks_only_the_secret(line, expected):
    assert redact(line) == expected
