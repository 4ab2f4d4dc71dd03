"""One signed POST of a webhook body to a checked target (Standard Webhooks headers).

The connection goes to the address `targets.target_check` approved, with the name in the Host
header and in TLS (SNI and certificate check), so a name that resolves differently a second
time cannot redirect it. Redirects are not followed (a 3xx is a failure), and at most
RESPONSE_BYTES of the answer are read. `timeout` bounds the whole attempt, not only each
connect and read: an endpoint that drips its answer a byte at a time is cut off at the deadline,
so an attempt never outlives the claim's lease (newsroom.webhooks.delivery).
"""

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from standardwebhooks import Webhook

from newsroom.webhooks.targets import Target

RESPONSE_BYTES = 4096
USER_AGENT = "Clipwire-Webhooks/1"


@dataclass(frozen=True)
class SendResult:
    response_code: int | None
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def signed_headers(*, secret: str, message_id: str, at: datetime, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }


def post_signed(
    target: Target, *, secret: str, message_id: str, at: datetime, body: str, timeout: float
) -> SendResult:
    """POST `body` once; never raises for what the network or the endpoint does."""
    headers = signed_headers(secret=secret, message_id=message_id, at=at, body=body)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout)
    started = time.monotonic()
    expired = threading.Event()

    def cut_off():
        expired.set()
        sock = connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked on a dripping answer

    deadline = threading.Timer(timeout, cut_off)
    deadline.daemon = True
    deadline.start()
    code, error = None, ""
    try:
        connection.request("POST", target.path, body=body.encode(), headers=headers)
        response = connection.getresponse()
        code = response.status
        response.read(RESPONSE_BYTES)
        if not 200 <= code < 300:
            error = f"HTTP {code} {response.reason}"[:300]
    except ssl.SSLError as failure:
        error = f"TLS error: {failure.reason or failure}"[:300]
    except TimeoutError:
        error = f"No answer within {timeout:g} s."
    except (OSError, http.client.HTTPException) as failure:
        error = f"{type(failure).__name__}: {failure}"[:300]
    finally:
        deadline.cancel()
        connection.close()
    if expired.is_set():
        code, error = None, f"No answer within {timeout:g} s."
    duration_ms = int((time.monotonic() - started) * 1000)
    return SendResult(response_code=code, error=error, duration_ms=duration_ms)
