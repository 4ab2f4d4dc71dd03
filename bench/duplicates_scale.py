"""Near-duplicate search at catalogue scale: one new 2-minute clip matched against every clip.

    createdb -h 127.0.0.1 -U postgres catalog_fp1m
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/catalog_fp1m DEBUG=1
    python manage.py migrate
    python bench/duplicates_scale.py 2>&1 | tee bench-fp1m.log

    DATABASE_URL=sqlite:////tmp/fp.sqlite3 BENCH_CLIPS=20000 python bench/duplicates_scale.py

Fills the database (bench/fingerprint_load.py; resumable, skipped when already full) with
BENCH_CLIPS generated clips (bench/fingerprint_data.py: 10-180 s, mean about 60 s, one frame
hash a second, shots of about 4 s), their fingerprints and their index rows. Then it makes
BENCH_QUERIES new 2-minute clips, each holding a copy of one catalogue clip (a "planted"
duplicate): the whole clip or a 20 s part of it, some mirrored, with 8, 16 or 24 of 256 bits
of every frame flipped, among fresh footage. Each is matched the way a new master is
(footage.evidence.index.duplicates_search: index lookup, then `compare` on the candidates
only), timed end to end. Prints p50/p95/max, recall of the planted clips, the floor (SELECT 1
and one index probe, same run), the index's size per clip and the time the load took.
Figures are printed, not asserted. Use a scratch database: the rows stay.
"""

import os
import platform
import statistics
import sys
import time
from collections import Counter, namedtuple
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench import fingerprint_data as fd  # noqa: E402
from bench import fingerprint_load  # noqa: E402
from footage.evidence import index  # noqa: E402
from footage.models import Fingerprint  # noqa: E402

CLIPS = int(os.environ.get("BENCH_CLIPS", "1000000"))
QUERIES = int(os.environ.get("BENCH_QUERIES", "100"))
BATCH = int(os.environ.get("BENCH_BATCH", "10000"))
SEED = int(os.environ.get("BENCH_SEED", "1"))
QUERY_SECONDS = 120
THRESHOLD = 31
KINDS = ["whole", "part", "mirrored whole", "mirrored part"]
NOISE = [8, 16, 24]

Match = namedtuple("Match", "similarity a_covered b_covered mirrored")


def local_compare(a_hashes, b_hashes, a_mirrored=b""):
    """Stand-in for footage.evidence.matching.compare when it is absent: frames match within
    THRESHOLD bits; a match needs 3 matching frames of the new clip (or all of a shorter b)."""
    b = np.frombuffer(b_hashes, np.uint8).reshape(-1, 32)
    best = None
    for hashes, mirrored in ((a_hashes, False), (a_mirrored, True)):
        if not hashes:
            continue
        hit = fd.distances(np.frombuffer(hashes, np.uint8).reshape(-1, 32), b) <= THRESHOLD
        a_found, b_found = int(hit.any(1).sum()), int(hit.any(0).sum())
        if a_found >= min(3, len(b)) and (best is None or b_found > best.b_covered * len(b)):
            best = Match(b_found / len(b), a_found / len(hit), b_found / len(b), mirrored)
    return best


def compare_function():
    try:
        from footage.evidence.matching import compare

        return compare, "footage.evidence.matching.compare"
    except ImportError:
        return local_compare, "bench/duplicates_scale.local_compare (matching.py absent)"


def log(line=""):
    print(line, flush=True)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def planted_queries(rng):
    """[(planted asset id, kind, bits, query frames)], built from the stored fingerprints."""
    total = Fingerprint.objects.count()
    picks = rng.choice(np.arange(1, total + 1), size=QUERIES * 2, replace=False).tolist()
    stored = dict(Fingerprint.objects.filter(pk__in=picks).values_list("pk", "hashes"))
    made = []
    for pk in picks:
        if len(made) == QUERIES:
            break
        frames = np.frombuffer(bytes(stored[pk]), np.uint8).reshape(-1, 32)
        kind, bits = KINDS[len(made) % len(KINDS)], NOISE[len(made) // len(KINDS) % len(NOISE)]
        if "part" in kind:
            if len(frames) < 40:
                continue
            start = int(rng.integers(0, len(frames) - 20))
            frames = frames[start : start + 20]
        frames = frames[:QUERY_SECONDS]
        copy = fd.noisy(rng, frames, bits)
        if kind.startswith("mirrored"):
            copy = fd.mirror(copy)
        fresh = fd.clips(rng, np.array([QUERY_SECONDS - len(copy) + 1]))
        at = int(rng.integers(0, len(fresh)))
        made.append((pk, kind, bits, np.concatenate([fresh[:at], copy, fresh[at:]])[:120]))
    return made


def floor_ms(sql, params, runs=50):
    took = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            took.append((time.perf_counter() - started) * 1000)
    return statistics.median(took), percentile(took, 0.95)


def sizes():
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT pg_relation_size('footage_fingerprintkey'),
                      pg_indexes_size('footage_fingerprintkey'),
                      pg_relation_size('footage_fpkey_key'),
                      pg_total_relation_size('footage_fingerprintkey'),
                      pg_total_relation_size('footage_fingerprint'),
                      (SELECT count(*) FROM footage_fingerprint),
                      (SELECT reltuples FROM pg_class WHERE relname = 'footage_fingerprintkey'),
                      (SELECT sum(frames) FROM footage_fingerprint)"""
        )
        return cursor.fetchone()


def machine():
    version = connection.vendor
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = "PostgreSQL " + cursor.fetchone()[0]
            cursor.execute("SHOW shared_buffers")
            version += f" (shared_buffers {cursor.fetchone()[0]})"
        else:
            cursor.execute("SELECT sqlite_version()")
            version = "SQLite " + cursor.fetchone()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"{memory:.0f} GiB RAM; {version}; Python {platform.python_version()}"
    )


def load():
    log(f"catalogue: {CLIPS:,} clips wanted, batches of {BATCH:,}")
    if connection.vendor == "postgresql":
        figures = fingerprint_load.load_postgresql(CLIPS, BATCH, SEED, log)
    else:
        figures = fingerprint_load.load_orm(CLIPS, BATCH, SEED, log)
    workers = " (2 workers)" if connection.vendor == "postgresql" else ""
    if figures["load"]:
        log(
            f"load this run: {figures['load']:.0f} s wall{workers}, of which keys_for "
            f"{figures['keys_python']:.0f} s CPU for {figures['key_rows']:,} key rows; "
            f"({figures['key_index']:.0f} s building the (key, fingerprint) index)"
        )
    else:
        log("load: nothing to do, the catalogue was already there (see the first run's log)")
        if figures["key_index"]:
            log(f"(key, fingerprint) index built in {figures['key_index']:.0f} s")


def replace_cost(picks):
    """fingerprint_index on existing clips (a master replaced), rolled back."""
    took = []
    for fingerprint in Fingerprint.objects.filter(pk__in=picks[:20]):
        with transaction.atomic():
            started = time.perf_counter()
            index.fingerprint_index(fingerprint)
            took.append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)
    return statistics.median(took), max(took)


def main():
    settings.DEBUG = False  # no query log: it would time itself
    log(f"machine: {machine()}")
    load()
    compare, compare_name = compare_function()
    log(f"compare: {compare_name}")
    log(
        f"index: {index.BANDS} bands of {index.BAND_BITS} bits; keyframes > "
        f"{index.KEYFRAME_DISTANCE} bits apart, at most {index.KEYFRAMES_PER_MINUTE}/minute "
        f"(at least {index.MIN_KEYFRAMES}); limit {index.LIMIT} candidates"
    )
    rng = np.random.default_rng([SEED, 99])
    queries = planted_queries(rng)
    found_by = {"candidates": Counter(), "compare": Counter(), "all": Counter()}
    took, compared, others, key_counts = [], [], 0, []
    for number, (planted, kind, bits, frames) in enumerate(queries):
        fingerprint = Fingerprint(hashes=frames.tobytes(), mirrored=fd.mirror(frames).tobytes())
        group = (kind, bits)
        if number == 0:  # one untimed warm-up: imports, the first connection
            index.duplicates_search(fingerprint, compare)
        started = time.perf_counter()
        matches = index.duplicates_search(fingerprint, compare)
        took.append((time.perf_counter() - started) * 1000)
        listed = index.candidates(fingerprint.hashes, fingerprint.mirrored)
        key_counts.append(
            len(index.keys_for(fingerprint.hashes, indexed_only=False)
                | index.keys_for(fingerprint.mirrored, indexed_only=False))
        )  # fmt: skip
        compared.append(len(listed))
        found_by["all"][group] += 1
        found_by["candidates"][group] += planted in {fid for fid, _ in listed}
        found_by["compare"][group] += planted in {asset for asset, _ in matches}
        others += sum(1 for asset, _ in matches if asset != planted)
    total = len(queries)
    log(
        f"\nmatching one new {QUERY_SECONDS} s clip, {total} queries (duplicates_search: "
        f"index lookup + compare on the candidates):"
    )
    log(
        f"  p50 {statistics.median(took):.1f} ms, p95 {percentile(took, 0.95):.1f} ms, "
        f"max {max(took):.1f} ms"
    )
    log(
        f"  lookup keys per query: mean {statistics.mean(key_counts):.0f}; candidates compared "
        f"per query: mean {statistics.mean(compared):.1f}, max {max(compared)}"
    )
    hits = sum(found_by["compare"].values())
    log(
        f"  recall of the planted clip: {hits}/{total} = {hits / total:.3f} "
        f"(in candidates: {sum(found_by['candidates'].values())}/{total}); "
        f"other clips reported as matches: {others}"
    )
    for kind in KINDS:
        parts = [
            f"{bits} bits {found_by['compare'][(kind, bits)]}/{found_by['all'][(kind, bits)]}"
            for bits in NOISE
        ]
        log(f"    {kind:15} " + ", ".join(parts))
    probe = next(iter(index.keys_for(queries[0][3].tobytes(), indexed_only=False)))
    p50, p95 = floor_ms("SELECT 1", [])
    log(f"  floor: SELECT 1 p50 {p50:.2f} ms / p95 {p95:.2f} ms")
    probe_sql = "SELECT fingerprint_id FROM footage_fingerprintkey WHERE key = %s"
    p50, p95 = floor_ms(probe_sql, [probe])
    log(f"         one index probe p50 {p50:.2f} ms / p95 {p95:.2f} ms")
    p50, worst = replace_cost([pk for pk, *_ in queries])
    log(f"  fingerprint_index (replace one clip's keys): p50 {p50:.1f} ms, max {worst:.1f} ms")
    found = sizes()
    if found:
        heap, indexes, key_index, keys_total, prints_total, clips, rows, frames = found
        log(f"\nsize: {clips:,} clips, {frames:,} frames, ~{rows:,.0f} key rows "
            f"({rows / clips:.1f} per clip)")  # fmt: skip
        log(
            f"  footage_fingerprintkey: {keys_total / 2**30:.2f} GiB in all = "
            f"{keys_total / clips:,.0f} B per clip (heap {heap / clips:,.0f} B, indexes "
            f"{indexes / clips:,.0f} B, of which (key, fingerprint) {key_index / clips:,.0f} B)"
        )
        log(
            f"  footage_fingerprint (hashes + mirrored): {prints_total / 2**30:.2f} GiB = "
            f"{prints_total / clips:,.0f} B per clip"
        )


if __name__ == "__main__":
    main()
