"""Fill a scratch database with CLIPS minimal clips, their fingerprints and their index rows,
for bench/duplicates_scale.py. Batch b holds asset ids b*BATCH+1 .. (b+1)*BATCH and is made
again from its number (seeded), in one transaction; a batch whose last asset exists is
skipped, so an interrupted load resumes where it stopped.

PostgreSQL: assets by INSERT ... SELECT FROM unnest, fingerprints and keys by binary COPY,
with foreign-key triggers off for the session (ids are consistent by construction) and the
(key, fingerprint) index dropped during the load and built once at the end. Two worker
processes. SQLite (small sizes): the ORM's bulk_create.
"""

import multiprocessing
import time

import numpy as np
from django.db import connection, connections, transaction
from django.utils import timezone

from bench import fingerprint_data as fd
from footage.evidence.index import keys_for

PARTNERS = 1000
STATUSES = ["published", "published", "published", "draft", "review", "withdrawn"]
KEY_INDEX = "footage_fpkey_key"


def batch_clips(seed: int, batch: int, size: int):
    """(asset ids, lengths, frames) of one batch, the same every time."""
    rng = np.random.default_rng([seed, batch])
    lengths = fd.clip_lengths(rng, size)
    return np.arange(batch * size + 1, (batch + 1) * size + 1), lengths, fd.clips(rng, lengths)


def split(lengths, frames):
    ends = np.cumsum(lengths)
    return [frames[end - n : end] for n, end in zip(lengths, ends, strict=True)]


def ensure_partners():
    from catalog.models import ContentPartner

    have = ContentPartner.objects.filter(slug__startswith="fp-bench-").count()
    ContentPartner.objects.bulk_create(
        [
            ContentPartner(name=f"Bench partner {i}", slug=f"fp-bench-{i}", country="GB")
            for i in range(have, PARTNERS)
        ]
    )
    return list(
        ContentPartner.objects.filter(slug__startswith="fp-bench-").values_list("pk", flat=True)
    )


def _binary_keys(rows: np.ndarray) -> bytes:
    """PostgreSQL binary COPY of (key bigint, fingerprint_id bigint) rows."""
    out = np.empty(
        len(rows),
        dtype=[("n", ">i2"), ("l1", ">i4"), ("k", ">i8"), ("l2", ">i4"), ("f", ">i8")],
    )
    out["n"], out["l1"], out["l2"] = 2, 8, 8
    out["k"], out["f"] = rows[:, 0], rows[:, 1]
    return b"PGCOPY\n\xff\r\n\0" + bytes(8) + out.tobytes() + b"\xff\xff"


def _pg_batch(args) -> tuple[int, float, int]:
    """Write one batch; returns (batch, seconds spent computing keys, key rows)."""
    seed, batch, size, partners = args
    conn = connections["default"]
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM catalog_videoasset WHERE id = %s", [(batch + 1) * size])
        if cursor.fetchone():
            return batch, 0.0, 0
    ids, lengths, frames = batch_clips(seed, batch, size)
    clips = split(lengths, frames)
    started = time.perf_counter()
    keys = [np.fromiter(keys_for(c.tobytes(), indexed_only=True), np.int64) for c in clips]
    took = time.perf_counter() - started
    rows = np.column_stack([np.concatenate(keys), np.repeat(ids, [len(k) for k in keys])])
    now = timezone.now()
    with transaction.atomic(), conn.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            """INSERT INTO catalog_videoasset (id, created_at, updated_at, public_id, title,
                slug, description, shotlist, duration_seconds, location_name,
                location_country, restrictions, poster, status, published_at,
                search_document, partner_id, blocks_broadcast, blocks_digital, blocks_social,
                editorial_only, held_for_release, restrictions_error, territory_scope,
                master, featured)
            SELECT g, %s, %s, 'fp' || g, 'Bench clip ' || g, 'fp-bench-clip-' || g, '', '',
                d, '', 'GB', '', '', s, CASE WHEN s = 'published' THEN %s END,
                'bench clip', p, false, false, false, false, false, '', 'none',
                'masters/fp-' || g || '.mp4', false
            FROM unnest(%s::bigint[], %s::int[], %s::text[], %s::bigint[]) AS t(g, d, s, p)""",
            [
                now, now, now, ids.tolist(), lengths.tolist(),
                [STATUSES[i % len(STATUSES)] for i in ids.tolist()],
                [partners[i % len(partners)] for i in ids.tolist()],
            ],
        )  # fmt: skip
        raw = cursor.cursor
        with raw.copy(
            "COPY footage_fingerprint (id, master_name, made_at, hashes, mirrored, frames,"
            " asset_id) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.set_types(["int8", "text", "timestamptz", "bytea", "bytea", "int4", "int8"])
            for asset_id, clip in zip(ids.tolist(), clips, strict=True):
                copy.write_row(
                    [asset_id, f"masters/fp-{asset_id}.mp4", now, clip.tobytes(),
                     fd.mirror(clip).tobytes(), len(clip), asset_id]
                )  # fmt: skip
        with raw.copy(
            "COPY footage_fingerprintkey (key, fingerprint_id) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.write(_binary_keys(rows))
    return batch, took, len(rows)


def _pg_worker_init():
    connections.close_all()


def load_postgresql(clips: int, size: int, seed: int, log) -> dict:
    """Load what is missing; returns the timings of this run (seconds)."""
    partners = ensure_partners()
    batches = -(-clips // size)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM catalog_videoasset WHERE id <= %s", [clips])
        have = cursor.fetchone()[0]
    figures = {"load": 0.0, "keys_python": 0.0, "key_index": 0.0, "key_rows": 0}
    if have < batches * size:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {KEY_INDEX}")
        connections.close_all()
        started = time.perf_counter()
        jobs = [(seed, b, size, partners) for b in range(batches)]
        with multiprocessing.get_context("fork").Pool(2, initializer=_pg_worker_init) as pool:
            for done, (batch, took, rows) in enumerate(pool.imap_unordered(_pg_batch, jobs), 1):
                figures["keys_python"] += took
                figures["key_rows"] += rows
                if rows and (done % 10 == 0 or done == batches):
                    log(f"  batch {batch} written ({done}/{batches}), "
                        f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        figures["load"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [KEY_INDEX])
        if not cursor.fetchone():
            log(f"  building {KEY_INDEX} ...")
            started = time.perf_counter()
            cursor.execute("SET maintenance_work_mem = '2GB'")
            cursor.execute(
                f"CREATE INDEX {KEY_INDEX} ON footage_fingerprintkey (key, fingerprint_id)"
            )
            figures["key_index"] = time.perf_counter() - started
            cursor.execute("ANALYZE footage_fingerprintkey")
            cursor.execute("ANALYZE footage_fingerprint")
        for table in ("footage_fingerprint", "catalog_videoasset"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT max(id) FROM {table}))"
            )
    return figures


def load_orm(clips: int, size: int, seed: int, log) -> dict:
    """The same clips through the ORM (SQLite or a small PostgreSQL run)."""
    from catalog.models import VideoAsset
    from footage.models import Fingerprint, FingerprintKey

    partners = ensure_partners()
    figures = {"load": 0.0, "keys_python": 0.0, "key_index": 0.0, "key_rows": 0}
    started = time.perf_counter()
    now = timezone.now()
    for batch in range(-(-clips // size)):
        if VideoAsset.objects.filter(pk=(batch + 1) * size).exists():
            continue
        ids, lengths, frames = batch_clips(seed, batch, size)
        with transaction.atomic():
            VideoAsset.objects.bulk_create(
                VideoAsset(
                    pk=i,
                    title=f"Bench clip {i}",
                    slug=f"fp-bench-clip-{i}",
                    public_id=f"fp{i}",
                    duration_seconds=int(n),
                    partner_id=partners[i % len(partners)],
                    status=STATUSES[i % len(STATUSES)],
                    published_at=now if STATUSES[i % len(STATUSES)] == "published" else None,
                )
                for i, n in zip(ids.tolist(), lengths.tolist(), strict=True)
            )
            rows, keys = [], []
            for i, clip in zip(ids.tolist(), split(lengths, frames), strict=True):
                rows.append(
                    Fingerprint(
                        pk=i,
                        asset_id=i,
                        master_name=f"masters/fp-{i}.mp4",
                        made_at=now,
                        hashes=clip.tobytes(),
                        mirrored=fd.mirror(clip).tobytes(),
                        frames=len(clip),
                    )
                )
                t = time.perf_counter()
                found = keys_for(clip.tobytes(), indexed_only=True)
                figures["keys_python"] += time.perf_counter() - t
                keys += [FingerprintKey(fingerprint_id=i, key=k) for k in found]
            Fingerprint.objects.bulk_create(rows, batch_size=500)
            FingerprintKey.objects.bulk_create(keys, batch_size=5000)
            figures["key_rows"] += len(keys)
        log(f"  batch {batch} written, {time.perf_counter() - started:.0f} s")
    figures["load"] = time.perf_counter() - started
    return figures
