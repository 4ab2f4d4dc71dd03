"""A bounded load test: gunicorn serving the app, driven over HTTP on 127.0.0.1 by a mixed
browse workload, for a fixed time. Prints requests per second, p50/p95/p99 and errors.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/catalog_bench make bench-load

Run `make bench` with the same BENCH_DATABASE_URL (and BENCH_ASSETS) first: this script reads
that scratch database and never creates or changes one. Knobs: LOAD_SECONDS (30),
LOAD_CLIENTS (client processes, 8), LOAD_WORKERS (gunicorn workers, 4), LOAD_PORT (8765);
PAGE_CACHE_SECONDS=0 measures with no anonymous page shared (common.page_cache).
Traffic goes to 127.0.0.1 only, and every client stops at the deadline.
"""

import http.client
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "8"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
PORT = int(os.environ.get("LOAD_PORT", "8765"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "")
ENVIRONMENT = {
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "0",
    "C2PA_SIGN_DOWNLOADS": "0",  # what is measured here signs nothing
    "SECRET_KEY": "bench-only-" + "k" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "API_THROTTLE_ANON": "100000000/minute",
    "API_THROTTLE_USER": "100000000/minute",  # anonymous clients count here too
    "GEO_TRUSTED_HEADER": "CF-IPCountry",
    "STATIC_ROOT": tempfile.mkdtemp(prefix="clipwire-load-static-"),
    "DJANGO_SETTINGS_MODULE": "config.settings",
}
TERRITORIES = ["GB", "GB", "US", "FR", "DE", "CN", "IN", "JP", "BR", "AU"]


def workload() -> list[tuple[str, int]]:
    """(path, weight): what browsing buyers and newsroom systems ask for, in proportion."""
    os.environ.update(ENVIRONMENT)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", verbosity=0, interactive=False)  # DEBUG off: the manifest
    from catalog.models import Category, ContentPartner, Tag, VideoAsset

    clips = VideoAsset.objects.published().available_in("GB").newest_first()
    paths = [(clip.get_absolute_url(), 1) for clip in clips[:300]]  # clip pages: 300 of them
    categories = list(Category.objects.values_list("slug", flat=True))
    partners = list(ContentPartner.objects.values_list("slug", flat=True)[:50])
    tags = list(Tag.objects.values_list("slug", flat=True)[:50])
    api = "/api/v1/assets/"
    paths += [
        ("/", 60),
        ("/clips/", 40),
        ("/clips/?search=flood", 20),
        ("/clips/?search=protest", 10),
    ]
    paths += [(f"/categories/{slug}/", 2) for slug in categories]
    paths += [(f"/partners/{slug}/", 1) for slug in partners]
    paths += [(f"/tags/{slug}/", 1) for slug in tags]
    paths += [
        (api, 40),
        (f"{api}?search=flood", 15),
        (f"{api}?category={categories[0]}", 10),
        (f"{api}?duration_min=60&duration_max=120&ordering=-duration", 10),
        (f"{api}?ordering=title", 5),
        ("/api/v1/partners/", 5),
        ("/api/v1/tags/", 5),
    ]
    return paths


def client(args) -> list[tuple[float, int]]:
    paths, weights, deadline, seed = args
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    results = []
    while time.monotonic() < deadline:
        path = rng.choices(paths, weights)[0]
        headers = {"CF-IPCountry": rng.choice(TERRITORIES)}
        start = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        results.append(((time.perf_counter() - start) * 1000, status))
    return results


def wait_for_server():
    for _ in range(100):
        try:
            probe = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            probe.request("GET", "/api/v1/")
            if probe.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main():
    if not DATABASE_URL.startswith("postgres"):
        raise SystemExit(
            "Set BENCH_DATABASE_URL to the PostgreSQL scratch database `make bench` made."
        )
    assert urlsplit(f"http://127.0.0.1:{PORT}").hostname == "127.0.0.1"
    weighted = workload()
    paths, weights = [p for p, _ in weighted], [w for _, w in weighted]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(WORKERS), "-b",
         f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, **ENVIRONMENT}, start_new_session=True,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_server()
        warm = time.monotonic() + 5
        with multiprocessing.Pool(CLIENTS) as pool:
            pool.map(client, [(paths, weights, warm, n) for n in range(CLIENTS)])
            started = time.monotonic()
            deadline = started + SECONDS
            batches = pool.map(
                client, [(paths, weights, deadline, 100 + n) for n in range(CLIENTS)]
            )
            elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    results = [r for batch in batches for r in batch]
    latencies = sorted(ms for ms, _ in results)
    # 451 is an answer, not an error: a clip page asked for from a territory it is kept from.
    refused = sum(1 for _, status in results if status == 451)
    errors = sum(1 for _, status in results if status not in (200, 451))

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))]

    shared = os.environ.get("PAGE_CACHE_SECONDS", "30 (default)")
    print(f"gunicorn -w {WORKERS}, {CLIENTS} client processes, {SECONDS:.0f} s, 127.0.0.1 only")
    print(f"anonymous list pages shared per territory for {shared} s")
    print(f"requests: {len(results):,} in {elapsed:.1f} s = {len(results) / elapsed:.1f} req/s")
    print(f"latency ms: p50 {pct(0.50):.1f}, p95 {pct(0.95):.1f}, p99 {pct(0.99):.1f}")
    print(f"451 (clip kept from the visitor's territory, as it should be): {refused}")
    print(f"errors (anything but 200 and 451, or no answer): {errors}")


if __name__ == "__main__":
    main()
