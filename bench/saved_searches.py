"""Benchmark saved-search matching against the catalogue in DATABASE_URL (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/SCRATCH DEBUG=1 \\
        python manage.py generate_catalog --assets 100000 --seed 1
    DATABASE_URL=… DEBUG=1 python bench/saved_searches.py

Adds BENCH_BUYERS buyers (GB, US, CN, FR, …) with 50 saved searches each, queries drawn from
the catalogue's own words, categories, tags, partners and durations, then prints:
- match_asset: one clip just published checked against every saved search (the task a
  publication queues), in ms, and per saved search;
- the periodic sweep over every saved search after BENCH_FRESH clips were published in the
  last half hour, in ms;
- a feed page of 50 items (the clips, without the ninjs mapping), in ms.
Webhook events are counted, not delivered. Rows it adds stay (use a scratch database).
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from catalog.models import Category, ContentPartner, Tag, VideoAsset  # noqa: E402
from licensing.services.buyers import buyer_create  # noqa: E402
from newsroom import events  # noqa: E402
from newsroom.models import SavedSearch  # noqa: E402
from newsroom.saved_searches.feed import feed_page  # noqa: E402
from newsroom.saved_searches.matching import match_asset, saved_searches_sweep  # noqa: E402
from newsroom.saved_searches.services import saved_search_create  # noqa: E402

BUYERS = int(os.environ.get("BENCH_BUYERS", "20"))
FRESH = int(os.environ.get("BENCH_FRESH", "200"))
COUNTRIES = ["GB", "US", "CN", "FR", "DE", "JP", "IN", "BR", "AU", "ZA"]
WORDS = ["flood", "election", "protest", "market", "storm", "football", "summit", "fire"]


def queries(rng):
    categories = list(Category.objects.values_list("slug", flat=True))
    tags = list(Tag.objects.values_list("slug", flat=True)[:200])
    partners = list(ContentPartner.objects.values_list("slug", flat=True)[:200])
    makers = [
        lambda: {"search": rng.choice(WORDS)},
        lambda: {"category": rng.choice(categories)},
        lambda: {"tag": rng.choice(tags)},
        lambda: {"partner": rng.choice(partners)},
        lambda: {"search": rng.choice(WORDS), "duration_max": rng.choice([60, 120, 300])},
        lambda: {"category": rng.choice(categories), "duration_min": 30},
    ]
    while True:
        yield rng.choice(makers)()


def ms(start) -> float:
    return (time.perf_counter() - start) * 1000


def main():
    rng = random.Random(20261127)
    sent = []
    events.event_publish = lambda **kw: sent.append(kw) or 1
    made = queries(rng)
    if not SavedSearch.objects.exists():
        for n in range(BUYERS):
            buyer, _ = buyer_create(
                name=f"Bench desk {n}",
                country=COUNTRIES[n % len(COUNTRIES)],
                email=f"bench{n}@example.com",
                credits=Decimal("0"),
            )
            member = buyer.members.get()
            for i in range(50):
                saved_search_create(
                    buyer=buyer,
                    name=f"S{i}",
                    query=next(made),
                    notify=["webhook", "email"],
                    created_by=member,
                )
    total = SavedSearch.objects.count()
    clips = VideoAsset.objects.published().count()
    print(f"{connection.vendor}: {clips:,} published clips, {total:,} saved searches")

    picks = list(VideoAsset.objects.published().order_by("?").values_list("pk", flat=True)[:5])
    timings = []
    for pk in picks:
        start = time.perf_counter()
        match_asset(asset_id=pk)
        timings.append(ms(start))
    median = statistics.median(timings)
    print(
        f"match_asset (one clip vs every saved search): median {median:.0f} ms, "
        f"{median / total:.2f} ms per saved search"
    )

    now = timezone.now()
    SavedSearch.objects.update(swept_until=now - timedelta(hours=1))
    fresh = list(VideoAsset.objects.published().order_by("?").values_list("pk", flat=True)[:FRESH])
    VideoAsset.objects.filter(pk__in=fresh).update(published_at=now - timedelta(minutes=30))
    before = len(sent)
    start = time.perf_counter()
    matched = saved_searches_sweep(now)
    print(
        f"sweep: {FRESH} clips published in the window, {total:,} saved searches: "
        f"{ms(start):.0f} ms, {matched} new matches, {len(sent) - before} events"
    )
    start = time.perf_counter()
    assert saved_searches_sweep(now + timedelta(minutes=1)) == 0
    print(f"sweep with nothing new: {ms(start):.0f} ms")

    saved = SavedSearch.objects.select_related("buyer").filter(query__has_key="category").first()
    timings = []
    cursor = None
    for _ in range(5):
        start = time.perf_counter()
        page = feed_page(saved, "GB", cursor=cursor, size=50)
        timings.append(ms(start))
        cursor = page.next_cursor
    print(f"feed page of 50 (query {saved.query}): median {statistics.median(timings):.0f} ms")


if __name__ == "__main__":
    main()
