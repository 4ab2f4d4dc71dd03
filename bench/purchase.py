"""Benchmark the purchase API on PostgreSQL: orders per second with 1, 4 and 16 buyers buying at
once, and how long a 20-way race for one exclusive licence takes.

    python bench/purchase.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/other_scratch python bench/purchase.py

It drops and recreates the scratch database named in BENCH_DATABASE_URL (default
catalog_bench_purchase on 127.0.0.1) and never touches DATABASE_URL. Every request goes through
the whole stack (API key, serializer, purchase service, PostgreSQL row locks) with Django's test
client, one OS process and one database connection per buyer (threads in one process would
measure the GIL). The exclusive race uses 20 threads released by one barrier. Figures are
printed, not asserted.
"""

import logging
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
scratch = tempfile.mkdtemp(prefix="purchase-bench-")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/catalog_bench_purchase"
)
os.environ.update(
    {
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "C2PA_SIGN_DOWNLOADS": "0",  # what is measured here signs nothing
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": f"{scratch}/media",
        "MASTERS_ROOT": f"{scratch}/masters",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **{
            f"API_THROTTLE_{scope}": "100000000/minute"
            for scope in ("ANON", "USER", "PURCHASE", "DOWNLOAD")
        },
    }
)

from bench.scratch import create_scratch_database  # noqa: E402


def post(client, key, idem, public_id, license_code):
    return client.post(
        "/api/v1/orders/",
        # A buyer that wraps round the clips buys one again: that is meant here, not a 409.
        {"items": [{"asset": public_id, "license": license_code}], "allow_duplicate": True},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Api-Key {key}",
        HTTP_IDEMPOTENCY_KEY=idem,
    )


def buy_until(index, key, clips, start_at, results):
    """One buyer in its own process: editorial licences, one per order, for SECONDS."""
    from django.db import connection
    from django.test import Client

    client, count, latencies, failures = Client(), 0, [], []
    while time.monotonic() < start_at:
        time.sleep(0.001)
    deadline = start_at + SECONDS
    try:
        while time.monotonic() < deadline:
            clip = clips[(index * 997 + count) % len(clips)]
            started = time.perf_counter()
            response = post(client, key, f"b{index}-{count}", clip, "editorial")
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 201:
                failures.append((response.status_code, response.content[:200]))
            count += 1
    finally:
        connection.close()
        results.put((count, latencies, failures))


def main():
    if not DATABASE_URL.startswith("postgres"):
        sys.exit("This benchmark measures PostgreSQL row locks; give a postgres:// URL.")
    create_scratch_database(DATABASE_URL)
    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from catalog.models import VideoAsset
    from devdata.generation import generate_catalog
    from licensing.models import License
    from licensing.services.buyers import buyer_create

    call_command("migrate", verbosity=0)
    generate_catalog(assets=3000, seed=5)
    # Clips anyone in GB may license for commercial use, so refusals do not muddy the figures;
    # the last one is kept untouched for the exclusive race.
    logging.getLogger("django.request").setLevel(logging.ERROR)  # 409s are expected in the race
    clips = list(
        VideoAsset.objects.published()
        .available_in("GB", use="commercial")
        .values_list("public_id", flat=True)[:2001]
    )
    target = clips.pop()

    def buyers(count, prefix):
        made = []
        for index in range(count):
            _, key = buyer_create(
                name=f"{prefix} {index}",
                country="GB",
                email=f"{prefix.lower()}{index}@bench.example",
                credits=Decimal("100000000"),
            )
            made.append(key)
        return made

    print(f"database: {connection.vendor} ({DATABASE_URL})")
    print(f"{len(clips)} clips, {SECONDS:.0f} s per run, one OS process per buyer")
    print(f"{'buyers':>7} {'orders':>7} {'orders/s':>9} {'median ms':>10} {'p95 ms':>8}")
    context = multiprocessing.get_context("fork")
    for concurrency in (1, 4, 16):
        keys = buyers(concurrency, f"Load{concurrency}")
        # Warm up once here (URL resolver, serializers, first queries) so that forked buyers
        # measure steady-state purchases, not 16 cold starts competing for two cores.
        post(Client(), keys[0], "warm-up", clips[-1], "editorial")
        connection.close()  # never share a connection across fork
        results = context.Queue()
        start_at = time.monotonic() + 1.0  # every process starts buying at the same moment
        workers = [
            context.Process(target=buy_until, args=(i, keys[i], clips, start_at, results))
            for i in range(concurrency)
        ]
        for worker in workers:
            worker.start()
        outcomes = [results.get() for _ in workers]
        for worker in workers:
            worker.join()
        total = sum(count for count, _, _ in outcomes)
        latencies = sorted(ms for _, times, _ in outcomes for ms in times)
        failures = [failure for _, _, failed in outcomes for failure in failed]
        median = latencies[len(latencies) // 2]
        p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
        print(f"{concurrency:>7} {total:>7} {total / SECONDS:>9.1f} {median:>10.1f} {p95:>8.1f}")
        if failures:
            print(f"        {len(failures)} orders failed, first: {failures[0]}")

    # The exclusive race: 20 buyers, one clip, released at once.
    keys = buyers(20, "Racer")
    connection.close()
    barrier = threading.Barrier(21)
    statuses, finished = [None] * 20, [0.0] * 20

    def race(index):
        client = Client()
        barrier.wait()
        try:
            statuses[index] = post(client, keys[index], "race", target, "exclusive").status_code
            finished[index] = time.perf_counter()
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    barrier.wait()
    released = time.perf_counter()
    for thread in threads:
        thread.join()
    took = (max(finished) - released) * 1000
    winners = statuses.count(201)
    licences = License.objects.filter(asset__public_id=target, exclusive=True).count()
    print(
        f"exclusive race: 20 buyers, {winners} won, {statuses.count(409)} refused (409), "
        f"{licences} exclusive licence issued; all answered in {took:.0f} ms"
    )


if __name__ == "__main__":
    main()
