"""Every page and list a buyer uses, timed at catalogue size, beside a bare floor.

    make bench                                   # 100,000 clips in a scratch SQLite file
    BENCH_ASSETS=1000000 \
      BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/catalog_bench make bench
    BENCH_REUSE=1 ...                            # keep a scratch database that is big enough
    BENCH_EXPLAIN=1 ...                          # print EXPLAIN (ANALYZE, BUFFERS) of each list

The scratch database is created (and, for PostgreSQL, dropped first) here; it is never the one
in DATABASE_URL. Requests go through Django's test client with DEBUG off, warm, as visitors
from GB unless the case names another territory: every list is filtered by the visitor's
territory. The floor is the same first page of the assets list through .values() and a
JsonResponse, with no serializer, filterset or pagination class (bench/floor_urls.py). Figures
are printed, not asserted.
"""

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import create_scratch_database  # noqa: E402

ASSETS = int(os.environ.get("BENCH_ASSETS", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
EXPLAIN = os.environ.get("BENCH_EXPLAIN") == "1"
WARMUP = 3
scratch = tempfile.mkdtemp(prefix="catalog-bench-")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"

os.environ.update(
    {
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "C2PA_SIGN_DOWNLOADS": "0",  # what is measured here signs nothing
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "API_THROTTLE_ANON": "100000000/minute",
        "API_THROTTLE_USER": "100000000/minute",  # anonymous clients count here too
        "MEDIA_ROOT": f"{scratch}/media",
        "STATIC_ROOT": f"{scratch}/static",
        "GEO_TRUSTED_HEADER": "CF-IPCountry",
        "PAGE_CACHE_SECONDS": "0",  # each request's own cost, not a kept page
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
)


def prepare():
    """A migrated scratch database holding ASSETS generated clips (reused when asked)."""
    import django

    if not REUSE:
        create_scratch_database(DATABASE_URL)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from catalog.models import VideoAsset
    from devdata.generation import generate_catalog

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # DEBUG off: the manifest
    have = VideoAsset.objects.count()
    if have < ASSETS:
        report = generate_catalog(assets=ASSETS - have, seed=42)
        print(f"generate_catalog: {report.assets:,} clips in {report.seconds:.1f} s")
        with connection.cursor() as cursor:
            # What autovacuum would have done by the time anyone browses.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return VideoAsset.objects.count()


def cases(client_for):
    """(name, URL, territory) for every page and list, with real slugs and ids from the data."""
    from catalog.models import Category, ContentPartner, Tag, VideoAsset

    weather = Category.objects.filter(slug="weather").first() or Category.objects.first()
    partner = ContentPartner.objects.order_by("id").first()
    tag = Tag.objects.order_by("id")[5]
    clip = VideoAsset.objects.published().available_in("GB").newest_first().first()
    api = "/api/v1/assets/"
    deep_site = follow_next(client_for("GB"), "/clips/", 99, site=True)
    deep_api = follow_next(client_for("GB"), f"{api}?page_size=20", 99)
    return [
        ("site: home", "/", "GB"),
        ("site: /clips/ page 1", "/clips/", "GB"),
        ("site: /clips/ page 100", deep_site, "GB"),
        ("site: search", "/clips/?search=flood", "GB"),
        ("site: category page", weather.get_absolute_url(), "GB"),
        ("site: partner page", partner.get_absolute_url(), "GB"),
        ("site: tag page", tag.get_absolute_url(), "GB"),
        ("site: clip page", clip.get_absolute_url(), "GB"),
        ("api: page 1, GB", api, "GB"),
        ("api: page 1, CN", api, "CN"),
        ("api: page 1, FR", api, "FR"),
        ("api: category", f"{api}?category={weather.slug}", "GB"),
        ("api: tag", f"{api}?tag={tag.slug}", "GB"),
        ("api: partner", f"{api}?partner={partner.slug}", "GB"),
        ("api: duration 60-120", f"{api}?duration_min=60&duration_max=120", "GB"),
        ("api: recorded 2023", f"{api}?recorded_after=2023-01-01&recorded_before=2023-12-31", "GB"),
        ("api: search", f"{api}?search=flood", "GB"),
        ("api: search, rare word", f"{api}?search=tromsø", "GB"),
        ("api: oldest", f"{api}?ordering=oldest", "GB"),
        ("api: duration", f"{api}?ordering=duration", "GB"),
        ("api: -duration", f"{api}?ordering=-duration", "GB"),
        ("api: title", f"{api}?ordering=title", "GB"),
        ("api: -title", f"{api}?ordering=-title", "GB"),
        ("api: relevance", f"{api}?search=flood&ordering=relevance", "GB"),
        ("api: cursor page 100", deep_api, "GB"),
        ("api: partners", "/api/v1/partners/", "GB"),
        ("api: categories", "/api/v1/categories/", "GB"),
        ("api: tags", "/api/v1/tags/", "GB"),
        ("api: stories", "/api/v1/stories/", "GB"),
    ]


def follow_next(client, url, times, site=False):
    import re

    for _ in range(times):
        response = client.get(url)
        if site:
            found = re.search(r'rel="next" href="\?([^"]+)"', response.content.decode())
            url = "/clips/?" + found[1].replace("&amp;", "&")
        else:
            url = response.json()["next"].replace("http://testserver", "")
    return url


def main():
    total = prepare()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    def client_for(territory):
        return Client(HTTP_CF_IPCOUNTRY=territory)

    def measure(url, territory):
        client = client_for(territory)
        for _ in range(WARMUP):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        timings = []
        with CaptureQueriesContext(connection) as queries:
            for _ in range(REQUESTS):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.content[:300])
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        return statistics.median(timings), p95, len(queries) / REQUESTS

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    version = connection.pg_version if connection.vendor == "postgresql" else ""
    print(f"database: {connection.vendor} {version}".rstrip())
    print(f"catalogue: {total:,} clips; {REQUESTS} warm requests per case")
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        floor = measure("/bench/floor/assets/", "GB")
        rows = [
            (name, url, territory, measure(url, territory))
            for name, url, territory in cases(client_for)
        ]
    header = f"{'case':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'x floor':>8}"
    print(header)
    print("-" * len(header))
    name = "floor: bare first page"
    print(f"{name:<28} {floor[0]:>10.1f} {floor[1]:>8.1f} {floor[2]:>8.1f} {1:>8.1f}")
    for name, _, _, (median, p95, nq) in rows:
        print(f"{name:<28} {median:>10.1f} {p95:>8.1f} {nq:>8.1f} {median / floor[0]:>8.1f}")
    worst = max(rows, key=lambda row: row[3][1])
    print(f"worst p95: {worst[3][1]:.1f} ms ({worst[0]})")
    if EXPLAIN and connection.vendor == "postgresql":
        explain(rows)


def explain(rows):
    """EXPLAIN (ANALYZE, BUFFERS) of the clip-list query behind each case."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for name, url, territory, _ in rows:
        client = Client(HTTP_CF_IPCOUNTRY=territory)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        listing = [
            q["sql"]
            for q in queries
            if "catalog_videoasset" in q["sql"] and "LIMIT" in q["sql"] and "COUNT(" not in q["sql"]
        ]
        for sql in listing[:1]:  # the page itself, not the count beside it
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                print(f"\n== {name}: {url}")
                print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
