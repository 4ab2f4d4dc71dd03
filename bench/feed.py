"""The ninjs feed (GET /api/v1/feed/ninjs/) timed at catalogue size, beside the same floor as
bench/lists.py: pages of 100 ninjs items, the first, one deep in the feed (by cursor), and
filtered ones.

    .venv/bin/python bench/feed.py              # 100,000 clips in a scratch SQLite file
    BENCH_REUSE=1 BENCH_ASSETS=1000000 \\
      BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/catalog_bench \\
      .venv/bin/python bench/feed.py
    BENCH_EXPLAIN=1 ...                         # EXPLAIN (ANALYZE, BUFFERS) of each page

The scratch database and the environment are bench/lists.py's (prepare()); requests go through
Django's test client with DEBUG off, warm, from GB unless a case names another territory.
Figures are printed, not asserted.
"""

import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import lists  # noqa: E402  (sets the scratch environment before Django starts)

FEED = "/api/v1/feed/ninjs/"
PAGE = 100


def deep_cursor(territory: str) -> str:
    """A cursor halfway through the feed the territory sees: as deep as a client can be."""
    from django.contrib.auth.models import AnonymousUser

    from newsroom.feed import encode_cursor, feed_assets

    assets = feed_assets(user=AnonymousUser(), territory=territory).order_by("feed_key", "id")
    middle = assets.count() // 2
    row = assets.values("feed_key", "id")[middle]
    return encode_cursor((row["feed_key"], row["id"]))


def cases():
    from catalog.models import Category, ContentPartner, Tag

    weather = Category.objects.filter(slug="weather").first() or Category.objects.first()
    partner = ContentPartner.objects.order_by("id").first()
    tag = Tag.objects.order_by("id")[5]
    deep = deep_cursor("GB")
    return [
        ("feed: first page, GB", f"{FEED}?limit={PAGE}", "GB"),
        ("feed: first page, CN", f"{FEED}?limit={PAGE}", "CN"),
        ("feed: halfway, cursor", f"{FEED}?limit={PAGE}&cursor={deep}", "GB"),
        ("feed: category", f"{FEED}?limit={PAGE}&category={weather.slug}", "GB"),
        ("feed: tag", f"{FEED}?limit={PAGE}&tag={tag.slug}", "GB"),
        ("feed: partner", f"{FEED}?limit={PAGE}&partner={partner.slug}", "GB"),
        ("feed: duration 60-120", f"{FEED}?limit={PAGE}&duration_min=60&duration_max=120", "GB"),
        ("feed: search", f"{FEED}?limit={PAGE}&search=flood", "GB"),
        (
            "feed: halfway, category",
            f"{FEED}?limit={PAGE}&cursor={deep}&category={weather.slug}",
            "GB",
        ),
        ("feed: 20 items", f"{FEED}?limit=20", "GB"),
    ]


def main():
    total = lists.prepare()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    def measure(url, territory):
        client = Client(HTTP_CF_IPCOUNTRY=territory)
        for _ in range(lists.WARMUP):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
        timings, items = [], 0
        with CaptureQueriesContext(connection) as queries:
            for _ in range(lists.REQUESTS):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.content[:300])
                items = len(response.json()["items"])
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        return statistics.median(timings), p95, len(queries) / lists.REQUESTS, items

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    version = connection.pg_version if connection.vendor == "postgresql" else ""
    print(f"database: {connection.vendor} {version}".rstrip())
    print(f"catalogue: {total:,} clips; {lists.REQUESTS} warm requests per case")
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        floor = measure_floor(Client(HTTP_CF_IPCOUNTRY="GB"))
    rows = [(name, url, territory, measure(url, territory)) for name, url, territory in cases()]
    header = (
        f"{'case':<28} {'items':>5} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'x floor':>8}"
    )
    print(header)
    print("-" * len(header))
    name = "floor: bare first page"
    print(f"{name:<28} {20:>5} {floor[0]:>10.1f} {floor[1]:>8.1f} {floor[2]:>8.1f} {1:>8.1f}")
    for name, _, _, (median, p95, nq, items) in rows:
        print(
            f"{name:<28} {items:>5} {median:>10.1f} {p95:>8.1f} {nq:>8.1f} "
            f"{median / floor[0]:>8.1f}"
        )
    worst = max(rows, key=lambda row: row[3][1])
    print(f"worst p95: {worst[3][1]:.1f} ms ({worst[0]})")
    if lists.EXPLAIN and connection.vendor == "postgresql":
        explain(rows)


def measure_floor(client):
    """bench/lists.py's floor: the assets list's first page through .values() and a
    JsonResponse, with no serializer, filterset or pagination."""
    for _ in range(lists.WARMUP):
        client.get("/bench/floor/assets/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(lists.REQUESTS):
            start = time.perf_counter()
            assert client.get("/bench/floor/assets/").status_code == 200
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return statistics.median(timings), p95, len(queries) / lists.REQUESTS


def explain(rows):
    """EXPLAIN (ANALYZE, BUFFERS) of the page query behind each case."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for name, url, territory, _ in rows:
        with CaptureQueriesContext(connection) as queries:
            Client(HTTP_CF_IPCOUNTRY=territory).get(url)
        pages = [
            q["sql"] for q in queries if "catalog_videoasset" in q["sql"] and "LIMIT" in q["sql"]
        ]
        for sql in pages[:1]:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                print(f"\n== {name}: {url}")
                print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
