"""Shared pieces of the webhook tests: a local receiver (127.0.0.1, a random port, in a thread)
that records what it gets and answers what a test tells it, and buyers with licences."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from licensing.services.purchase import PurchaseItem, purchase
from newsroom.models import WebhookEndpoint
from tests.licensing.conftest import make_buyer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0
    extra_headers: dict[str, str] = field(default_factory=dict)


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
            if receiver.delay:
                time.sleep(receiver.delay)
            self.send_response(receiver.status)
            for name, value in receiver.extra_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def receiver():
    """A webhook receiver on 127.0.0.1; WEBHOOK_ALLOW_PRIVATE must be on to send to it."""
    box = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(box))
    server.daemon_threads = True
    box.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/clipwire?x=1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_private(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True


def endpoint_for(buyer, url, events=("asset.withdrawn",), **fields) -> WebhookEndpoint:
    """An endpoint stored directly (registration's checks are tested on their own)."""
    return WebhookEndpoint.objects.create(buyer=buyer, url=url, events=list(events), **fields)


def buyer_holding(asset, name: str, license: str = "editorial", key: str = "k1"):
    buyer, _ = make_buyer(name, credits="100000")
    purchase(
        buyer=buyer,
        items=[PurchaseItem(asset.public_id, license)],
        idempotency_key=key,
        request_territory=None,
    )
    return buyer
