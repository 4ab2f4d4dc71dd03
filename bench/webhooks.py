"""Benchmark webhooks on PostgreSQL: what a withdrawal of a clip with 1,000 licensees makes
(events, deliveries, fan-out time), and deliveries per second to a local receiver through the
real delivery code (claim, SSRF check, sign, POST, attempt log).

    python bench/webhooks.py
    BENCH_LICENSEES=200 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/x \
        python bench/webhooks.py

It drops and recreates the scratch database named in BENCH_DATABASE_URL (default
catalog_webhooks_bench on 127.0.0.1) and never touches DATABASE_URL. The receiver is a
threaded HTTP server on 127.0.0.1 (a random port) in its own process, answering 200 at once,
so the figures are the sender's cost. Figures are printed, not asserted.
"""

import logging
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LICENSEES = int(os.environ.get("BENCH_LICENSEES", "1000"))
scratch = tempfile.mkdtemp(prefix="webhooks-bench-")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/catalog_webhooks_bench"
)
os.environ.update(
    {
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "C2PA_SIGN_DOWNLOADS": "0",  # what is measured here signs nothing
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "MEDIA_ROOT": f"{scratch}/media",
        "MASTERS_ROOT": f"{scratch}/masters",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "WEBHOOK_ALLOW_PRIVATE": "1",  # the receiver is on 127.0.0.1
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "dummy://",
    }
)

from bench.scratch import create_scratch_database  # noqa: E402


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def serve(port_out):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_out.put(server.server_address[1])
    server.serve_forever()


def make_licensees(asset, url: str, count: int):
    from decimal import Decimal

    from licensing.services.buyers import buyer_create
    from licensing.services.purchase import PurchaseItem, purchase
    from newsroom.models import WebhookEndpoint

    endpoints = []
    for n in range(count):
        buyer, _ = buyer_create(
            name=f"Desk {n}", country="GB", email=f"desk{n}@bench.example", credits=Decimal(500)
        )
        purchase(
            buyer=buyer,
            items=[PurchaseItem(asset.public_id, "editorial")],
            idempotency_key="bench",
            request_territory=None,
        )
        endpoints.append(
            WebhookEndpoint(
                buyer=buyer, url=url, events=["asset.withdrawn", "asset.restrictions_changed"]
            )
        )
    WebhookEndpoint.objects.bulk_create(endpoints)


def deliver(ids: list[int], threads: int) -> tuple[float, int]:
    from django.db import connection

    from newsroom.webhooks.delivery import delivery_attempt

    ok = [0] * threads

    def work(index):
        for delivery_id in ids[index::threads]:
            result = delivery_attempt(delivery_id)
            ok[index] += bool(result and result.succeeded)
        connection.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started, sum(ok)


def main():
    logging.disable(logging.WARNING)
    create_scratch_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    from licensing.defaults import ensure_license_types

    ensure_license_types()

    from catalog.models import AssetStatus
    from catalog.services import asset_change_status, asset_save
    from newsroom.models import WebhookDelivery
    from tests.factories import AssetFactory

    ports = multiprocessing.Queue()
    receiver = multiprocessing.Process(target=serve, args=(ports,), daemon=True)
    receiver.start()
    url = f"http://127.0.0.1:{ports.get(timeout=10)}/hooks"

    asset = AssetFactory(title="Bench clip", restrictions="")
    started = time.perf_counter()
    make_licensees(asset, url, LICENSEES)
    print(f"setup: {LICENSEES} buyers, each with a licence and an endpoint, in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip

    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):  # queue nothing: time the fan-out alone
        started = time.perf_counter()
        with transaction.atomic():
            asset_change_status(asset=asset, status=AssetStatus.WITHDRAWN)
        fan_out = time.perf_counter() - started
        withdrawn = WebhookDelivery.objects.filter(type="asset.withdrawn")
        events = withdrawn.values("message_id").distinct().count()
        print(
            f"withdrawal of a clip with {LICENSEES} licensees: {events} events, "
            f"{withdrawn.count()} deliveries, fan-out (status change + deliveries, one "
            f"transaction) {fan_out * 1000:.0f} ms"
        )
        asset.restrictions = "No access Chinese mainland"
        with transaction.atomic():
            asset_save(asset=asset)
    changed = WebhookDelivery.objects.filter(type="asset.restrictions_changed")

    for label, ids, threads in (
        ("1 sender", list(withdrawn.order_by("pk").values_list("pk", flat=True)), 1),
        ("4 senders", list(changed.order_by("pk").values_list("pk", flat=True)), 4),
    ):
        seconds, succeeded = deliver(ids, threads)
        print(
            f"delivery, {label}: {succeeded}/{len(ids)} succeeded in {seconds:.2f} s = "
            f"{len(ids) / seconds:.0f} deliveries/s ({seconds / len(ids) * 1000:.1f} ms each "
            "incl. claim, sign, POST and log)"
        )
    receiver.terminate()


if __name__ == "__main__":
    main()
