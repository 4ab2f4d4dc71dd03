"""Benchmark an already-prepared delivery format: how fast a download link answers, and how fast
its file streams from local storage (docs/delivery.md, "Speed").

    python bench/delivery.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/other_scratch python bench/delivery.py

It drops and recreates the scratch database BENCH_DATABASE_URL names (default
catalog_bench_delivery on 127.0.0.1; never DATABASE_URL), licenses one clip with a real 1080p25
master, prepares its h264-hd file once (the tasks run inline), stores a BENCH_FILE_MB file
in its place so the stream is long enough to time, then:

- times BENCH_LINKS `POST /api/v1/licenses/{id}/download-link/ {"format": "h264-hd"}` through
  the whole stack (API key, throttles off, licence and territory checks, the prepared row):
  p50, p95, max; the floor is `GET /api/v1/health/`-like work: the licence's own GET;
- streams the file through its link BENCH_STREAMS times (the download view's FileResponse,
  read to the end by Django's test client in this process: no network), in MB/s, against the
  floor of reading the same file from disk in the same chunks.

Figures are printed, not asserted.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LINKS = int(os.environ.get("BENCH_LINKS", "300"))
STREAMS = int(os.environ.get("BENCH_STREAMS", "5"))
FILE_MB = int(os.environ.get("BENCH_FILE_MB", "512"))
scratch = tempfile.mkdtemp(prefix="delivery-bench-")
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/catalog_bench_delivery"
)
os.environ.update(
    {
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "C2PA_SIGN_DOWNLOADS": "0",  # signing is measured by bench/evidence.py, not here
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "TASKS_BACKEND": "immediate",
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


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call, times):
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def main():
    create_scratch_database(DATABASE_URL)
    import django

    django.setup()
    from decimal import Decimal

    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from catalog.models import ContentPartner, VideoAsset
    from devdata.videos import synthetic_video
    from footage.models import PreparedFormat
    from licensing.services.buyers import buyer_create

    call_command("migrate", verbosity=0)
    partner = ContentPartner.objects.create(name="Bench", slug="bench")
    clip = VideoAsset.objects.create(
        public_id="bench0000001", title="Harbour at dusk", slug="harbour-at-dusk",
        duration_seconds=4, partner=partner, status="published", width=1920, height=1080,
        frame_rate=Decimal("25"), published_at=timezone.now(),
    )  # fmt: skip
    data = synthetic_video(4, width=1920, height=1080, fps=25, audio=True, distinct_frames=4)
    clip.master.save("harbour.mp4", ContentFile(data))
    _, key = buyer_create(name="Bench desk", country="GB", email="b@example.com", credits=1000)
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {key}")
    order = client.post(
        "/api/v1/orders/",
        {"items": [{"asset": clip.public_id, "license": "editorial"}]},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="bench-1",
    ).json()
    license_url = order["lines"][0]["license_url"].removeprefix("http://testserver")
    link_url = f"{license_url}download-link/"

    def ask():
        return client.post(link_url, {"format": "h264-hd"}, content_type="application/json")

    first = ask()
    assert first.status_code == 202, first.content
    answer = ask()
    assert answer.status_code == 200, answer.content
    row = PreparedFormat.objects.get(asset=clip, format="h264-hd")
    path = Path(row.file.path)
    with open(path, "wb") as handle:  # a long file in place of the 4 s one, to time a stream
        block = os.urandom(1024 * 1024)
        for _ in range(FILE_MB):
            handle.write(block)

    links = timed(lambda: ask().status_code == 200 or sys.exit("link failed"), LINKS)
    floor = timed(lambda: client.get(license_url), LINKS)
    print(f"PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} cores, DEBUG=0")
    for name, spent in (("download link (h264-hd, ready)", links), ("floor: GET licence", floor)):
        print(
            f"{name:32} p50 {statistics.median(spent):6.1f} ms  p95 {percentile(spent, 0.95):6.1f}"
            f" ms  max {max(spent):6.1f} ms  ({len(spent)} requests)"
        )

    size = path.stat().st_size
    rates = []
    for _ in range(STREAMS):
        url = ask().json()["url"].removeprefix("http://testserver")
        started = time.perf_counter()
        response = Client().get(url)
        got = sum(len(chunk) for chunk in response.streaming_content)
        assert got == size, (got, size)
        rates.append(size / (time.perf_counter() - started) / 1e6)
    chunk = response.block_size if hasattr(response, "block_size") else 4096
    raw = []
    for _ in range(STREAMS):
        started = time.perf_counter()
        with open(path, "rb") as handle:
            while handle.read(chunk):
                pass
        raw.append(size / (time.perf_counter() - started) / 1e6)
    print(
        f"stream {size / 1e6:.0f} MB through its link: median {statistics.median(rates):.0f} MB/s"
        f" (min {min(rates):.0f}); floor, reading it in {chunk} B chunks: "
        f"{statistics.median(raw):.0f} MB/s"
    )


if __name__ == "__main__":
    main()
