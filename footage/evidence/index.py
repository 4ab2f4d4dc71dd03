"""The near-duplicate index: which stored fingerprints might match a new clip, found without
reading every fingerprint (docs/verification.md).

Multi-index hashing. A frame hash has 256 bits; cut it into BANDS bands of 32 bits and store
`band << 32 | band_value` (below 2**35, so it fits a signed 64-bit column) as a FingerprintKey row.
Two hashes within 7 bits of each other share a band exactly (pigeonhole); two within the
matching threshold (31 bits) often do, and a clip has many frames, so a copy of a clip shares
some keys with the original with high probability (bench/duplicates_scale.py measures it).

Only a clip's keyframes are indexed (`keyframes`): a frame is kept when it differs from the
last kept one by more than KEYFRAME_DISTANCE bits, then thinned evenly to at most
KEYFRAMES_PER_MINUTE (never fewer than MIN_KEYFRAMES). The query side uses every frame of the
new clip and of its mirrored hashes, so a keyframe is found from whichever query frame lands
near it.

- keys_for(hashes, indexed_only=...) -> set[int]: the keys of a clip.
- fingerprint_index(fingerprint): replace that fingerprint's rows (call on save/replace).
- candidates(hashes, mirrored, exclude=..., limit=...) -> [(fingerprint_id, votes)].
- duplicates_search(fingerprint, compare) -> [(asset_id, match)]: candidates, then `compare`
  on those candidates' hashes only.

Deleting a clip deletes its Fingerprint and its keys (CASCADE); replacing a master replaces
the keys in the same transaction as fingerprint_index, so nothing stale can match.
"""

from collections import Counter
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Count

HASH_BYTES = 32
BANDS = 8
BAND_BITS = 256 // BANDS
KEYFRAME_DISTANCE = 48  # bits from the last kept frame: a new shot, or a shot that has moved on
KEYFRAMES_PER_MINUTE = 8
MIN_KEYFRAMES = 6  # a short clip keeps one every 2 s or so: its 20% sub-clips hold one
DEGENERATE = 32  # a hash with fewer than this many bits set (or unset) is a flat frame: skipped
MIN_VOTES = 1
LIMIT = 50

_BAND_MASK = (1 << BAND_BITS) - 1


def frame_ints(hashes: bytes) -> list[int]:
    """The clip's frame hashes as 256-bit integers, in time order."""
    hashes = bytes(hashes)
    if len(hashes) % HASH_BYTES:
        raise ValueError(f"hashes must be a multiple of {HASH_BYTES} bytes")
    return [
        int.from_bytes(hashes[at : at + HASH_BYTES], "big")
        for at in range(0, len(hashes), HASH_BYTES)
    ]


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def _usable(frame: int) -> bool:
    ones = frame.bit_count()
    return DEGENERATE <= ones <= 256 - DEGENERATE


def keyframes(frames: list[int]) -> list[int]:
    """The frames worth indexing: greedy on change, then thinned evenly to the per-minute cap."""
    kept, last = [], None
    for frame in frames:
        if not _usable(frame):
            continue
        if last is None or hamming(frame, last) > KEYFRAME_DISTANCE:
            kept.append(frame)
            last = frame
    budget = max(MIN_KEYFRAMES, -(-len(frames) * KEYFRAMES_PER_MINUTE // 60))
    if len(kept) > budget:
        step = len(kept) / budget
        kept = [kept[int(i * step)] for i in range(budget)]
    return kept


def frame_keys(frame: int) -> Iterable[int]:
    """The BANDS keys of one frame hash: band number above the band's 32 bits."""
    for band in range(BANDS):
        value = (frame >> (BAND_BITS * band)) & _BAND_MASK
        yield (band << BAND_BITS) | value


def keys_for(hashes: bytes, *, indexed_only: bool) -> set[int]:
    """The keys of a clip: of its keyframes (`indexed_only`, what is stored) or of every usable
    frame (what a new clip is looked up with)."""
    frames = frame_ints(hashes)
    chosen = keyframes(frames) if indexed_only else [f for f in frames if _usable(f)]
    return {key for frame in chosen for key in frame_keys(frame)}


def fingerprint_index(fingerprint) -> int:
    """Replace the index rows of a saved fingerprint with those of its current hashes; returns
    how many were written."""
    from footage.models import FingerprintKey

    keys = keys_for(fingerprint.hashes, indexed_only=True)
    with transaction.atomic():
        FingerprintKey.objects.filter(fingerprint=fingerprint).delete()
        FingerprintKey.objects.bulk_create(
            [FingerprintKey(fingerprint=fingerprint, key=key) for key in sorted(keys)],
            batch_size=1000,
        )
    return len(keys)


def _chunks(keys: list[int]) -> list[list[int]]:
    size = max(1, (connection.features.max_query_params or 100_000) - 10)
    return [keys[at : at + size] for at in range(0, len(keys), size)] or [[]]


def candidates(
    hashes: bytes,
    mirrored: bytes = b"",
    *,
    exclude: int | None = None,
    min_votes: int = MIN_VOTES,
    limit: int = LIMIT,
) -> list[tuple[int, int]]:
    """Stored fingerprints sharing at least `min_votes` keys with the clip (or its mirror
    image), as (fingerprint_id, votes), most votes first, at most `limit`. `exclude` is a
    fingerprint id left out (the clip's own). One query on PostgreSQL; chunked on SQLite."""
    from footage.models import FingerprintKey

    keys = keys_for(hashes, indexed_only=False)
    if mirrored:
        keys |= keys_for(mirrored, indexed_only=False)
    if not keys:
        return []
    chunks = _chunks(sorted(keys))
    votes: Counter = Counter()
    for chunk in chunks:
        rows = FingerprintKey.objects.filter(key__in=chunk)
        if exclude is not None:
            rows = rows.exclude(fingerprint_id=exclude)
        rows = rows.values("fingerprint_id").annotate(votes=Count("key")).order_by("-votes")
        if len(chunks) == 1:
            rows = rows.filter(votes__gte=min_votes)[:limit]
        votes.update({row["fingerprint_id"]: row["votes"] for row in rows})
    found = [(fid, n) for fid, n in votes.items() if n >= min_votes]
    found.sort(key=lambda pair: (-pair[1], pair[0]))
    return found[:limit]


def duplicates_search(
    fingerprint, compare: Callable, *, limit: int = LIMIT
) -> list[tuple[int, object]]:
    """The stored clips that `compare` says match this fingerprint's clip, as (asset_id, match),
    best first. Only the candidates' hashes are read. `fingerprint` need not be saved."""
    from footage.models import Fingerprint

    mirrored = bytes(fingerprint.mirrored or b"")
    found = candidates(fingerprint.hashes, mirrored, exclude=fingerprint.pk, limit=limit)
    if not found:
        return []
    rows = Fingerprint.objects.filter(pk__in=[fid for fid, _ in found]).values_list(
        "asset_id", "hashes"
    )
    own = bytes(fingerprint.hashes)
    matches = []
    for asset_id, hashes in rows:
        if asset_id == fingerprint.asset_id:
            continue
        # PDQ only: the coarse signature matched unrelated clips of alike layout (the demo's
        # block pictures), and a false match holds a clip from sale (docs/verification.md).
        match = compare(own, bytes(hashes), a_mirrored=mirrored)
        if match is not None:
            matches.append((asset_id, match))
    matches.sort(key=lambda pair: -getattr(pair[1], "similarity", 0))
    return matches
