"""Benchmark the asset list API against a bare ORM-and-JsonResponse floor on 100,000 assets.

    make bench                      # scratch SQLite file in a temporary directory
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/catalog_bench make bench

The scratch database is created (and, for PostgreSQL, dropped first) by this script; it never
touches the database in DATABASE_URL. Figures are printed, not asserted.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import create_scratch_database  # noqa: E402

ASSETS = int(os.environ.get("BENCH_ASSETS", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))
WARMUP = 5
scratch = tempfile.mkdtemp(prefix="catalog-bench-")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"

os.environ.update(
    {
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "API_THROTTLE_ANON": "100000000/minute",
        "MEDIA_ROOT": f"{scratch}/media",
        "GEO_TRUSTED_HEADER": "CF-IPCountry",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
)


def main():
    create_scratch_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from devdata.generation import generate_catalog

    print(f"database: {connection.vendor} ({DATABASE_URL})")
    call_command("migrate", verbosity=0)
    report = generate_catalog(assets=ASSETS, seed=42)
    print(f"generate_catalog: {report.assets} assets in {report.seconds:.1f} s")
    with connection.cursor() as cursor:
        # What autovacuum would have done by the time anyone browses: statistics and, on
        # PostgreSQL, the visibility map that lets COUNT(*) use an index-only scan.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    # (case, query string, the visitor's territory): every list is filtered by it.
    cases = [
        ("page 1, GB", "", "GB"),
        ("page 1, CN", "", "CN"),
        ("page 1, FR", "", "FR"),
        ("category=weather", "category=weather", "GB"),
        ("search=flood", "search=flood", "GB"),
    ]

    def measure(url, territory):
        client = Client(HTTP_CF_IPCOUNTRY=territory)
        for _ in range(WARMUP):
            assert client.get(url).status_code == 200, url
        timings = []
        with CaptureQueriesContext(connection) as queries:
            for _ in range(REQUESTS):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.content[:300])
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        return statistics.median(timings), p95, len(queries) / REQUESTS, response.json()

    header = (
        f"{'case':<18} {'endpoint':<8} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'count':>7}"
    )
    print(header)
    print("-" * len(header))
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        for name, query, territory in cases:
            api = measure(f"/api/v1/assets/?{query}", territory)
            floor = measure(f"/bench/floor/assets/?{query}", territory)
            assert api[3]["count"] == floor[3]["count"], (name, api[3]["count"], floor[3]["count"])
            assert [r["id"] for r in api[3]["results"]] == [r["id"] for r in floor[3]["results"]]
            for label, (median, p95, nq, body) in (("api", api), ("floor", floor)):
                count = body["count"]
                print(f"{name:<18} {label:<8} {median:>10.2f} {p95:>8.2f} {nq:>8.1f} {count:>7}")
            print(
                f"{name:<18} {'ratio':<8} {api[0] / floor[0]:>10.2f}  (api median / floor median)"
            )


if __name__ == "__main__":
    main()
