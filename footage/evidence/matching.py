"""Whether two clips are near duplicates, from their frame hashes (vPDQ's matching rule).

A frame of one clip matches when some frame of the other is within DISTANCE bits (PDQ's
customary 31 of 256). Each clip's coverage is the share of its frames that match; a sub-clip is
covered wholly while it covers a small share of its longer original, so the two figures tell
a copy, a sub-clip and a longer original apart. A pair is a duplicate when the better-covered
clip is at least MIN_COVERED matched, by at least MIN_FRAMES frames on each side (fewer only
when a clip has fewer frames), or when at least SHARED_FRAMES frames match on each side
whatever the shares: 20 s of a one-minute clip inside a two-minute compilation is a copy of
those 20 s though neither clip is half covered. The thresholds come from the test set in
docs/verification.md.

Similarity is 1 - d / 128, where d is the mean distance of the matched frames to their nearest
frame in the other clip: 1 for identical hashes, 0 at 128 bits, the distance expected between
unrelated images (a match at the 31-bit limit is about 0.76).

With both clips' coarse signatures (coarse.py, crop-tolerant), a pair PDQ does not match is
also tried on them, in time order: the frames must line up on one time offset (a diagonal of
the distance matrix), at least COARSE_MIN_COVERED of the shorter clip's frames within
COARSE_DISTANCE of their counterpart, and at least MIN_FRAMES of them. A coarse bit pattern
alone is too short to tell frames apart; a run of them in order is not (0 false matches on
the test set at COARSE_DISTANCE 28; 30 gives 2). Such a match has `coarse` set.
"""

from dataclasses import dataclass

import numpy as np

from . import coarse, pdq

DISTANCE = 31  # bits, at most, between matching frames
MIN_COVERED = 0.5  # share of the better-covered clip's frames that must match
MIN_FRAMES = 2  # matched frames on each side, at least
# ... or, whatever the shares, this many on each side: a stretch of footage (about 5 s at one
# frame a second) taken into a longer clip, where neither side is half covered.
SHARED_FRAMES = 5
UNRELATED = 128  # bits expected between unrelated PDQ hashes
BLOCK = 512  # frames of one clip compared with the other's at a time
# The coarse rule's time alignment holds the whole distance matrix: only clips up to this many
# frames (two hours at one a second) are compared on it.
COARSE_MAX_FRAMES = 7200
COARSE_DISTANCE = 28  # of coarse.BITS (99), at most, between time-aligned frames
COARSE_MIN_COVERED = 0.5  # share of the shorter clip's frames aligned within COARSE_DISTANCE


@dataclass(frozen=True)
class Match:
    similarity: float  # 0..1
    a_covered: float  # share of a's frames matched in b
    b_covered: float  # share of b's frames matched in a
    mirrored: bool = False  # a matched only once flipped left-right
    coarse: bool = False  # matched on the coarse signatures (a crop), not on PDQ


def compare(
    a: bytes, b: bytes, *, a_mirrored: bytes = b"", a_coarse: bytes = b"", b_coarse: bytes = b""
) -> Match | None:
    """The match between clips with frame hashes `a` and `b` (32 bytes a frame), or None.

    With `a_mirrored` (a's frames flipped left-right, FrameHashes.mirrored), a mirrored copy
    of b is found too when the frames as they are do not match. With `a_coarse` and
    `b_coarse` (FrameHashes.coarse), a cropped copy is found too (`coarse` set)."""
    found = _match(pdq.as_array(a), pdq.as_array(b))
    if found is None and a_mirrored:
        found = _match(pdq.as_array(a_mirrored), pdq.as_array(b))
        if found is not None:
            found = Match(found.similarity, found.a_covered, found.b_covered, mirrored=True)
    short_enough = max(len(a_coarse), len(b_coarse)) <= COARSE_MAX_FRAMES * coarse.BYTES
    if found is None and a_coarse and b_coarse and short_enough:
        found = _match_coarse(coarse.as_bits(a_coarse), coarse.as_bits(b_coarse))
    return found


def _match_coarse(a: np.ndarray, b: np.ndarray) -> Match | None:
    """The coarse rule: the best time offset's frames within COARSE_DISTANCE, in order."""
    shorter = min(len(a), len(b))
    if not shorter:
        return None
    nearest = coarse.distances(a, b)
    best, best_offset = 0, 0
    for offset in range(1 - len(a), len(b)):
        hits = int((np.diagonal(nearest, offset) <= COARSE_DISTANCE).sum())
        if hits > best:
            best, best_offset = hits, offset
    if best < min(MIN_FRAMES, shorter) or best < COARSE_MIN_COVERED * shorter:
        return None
    aligned = np.diagonal(nearest, best_offset)
    mean_distance = float(aligned[aligned <= COARSE_DISTANCE].mean())
    similarity = max(0.0, 1.0 - mean_distance / (coarse.BITS / 2))
    return Match(
        round(similarity, 4), round(best / len(a), 4), round(best / len(b), 4), coarse=True
    )


def _nearest(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each frame's distance to its nearest frame in the other clip, a block of BLOCK of a's
    frames at a time: two ten-hour masters never need their whole distance matrix at once."""
    a_best = np.empty(len(a), dtype=np.int32)
    b_best = np.full(len(b), np.iinfo(np.int32).max, dtype=np.int32)
    for start in range(0, len(a), BLOCK):
        block = pdq.distances(a[start : start + BLOCK], b)
        a_best[start : start + BLOCK] = block.min(axis=1)
        np.minimum(b_best, block.min(axis=0), out=b_best)
    return a_best, b_best


def _match(a: np.ndarray, b: np.ndarray) -> Match | None:
    if not len(a) or not len(b):
        return None
    a_best, b_best = _nearest(a, b)
    a_hit, b_hit = a_best <= DISTANCE, b_best <= DISTANCE
    if a_hit.sum() < min(MIN_FRAMES, len(a)) or b_hit.sum() < min(MIN_FRAMES, len(b)):
        return None
    a_covered, b_covered = float(a_hit.mean()), float(b_hit.mean())
    shared = min(a_hit.sum(), b_hit.sum()) >= SHARED_FRAMES
    if max(a_covered, b_covered) < MIN_COVERED and not shared:
        return None
    mean_distance = float(np.concatenate([a_best[a_hit], b_best[b_hit]]).mean())
    similarity = max(0.0, 1.0 - mean_distance / UNRELATED)
    return Match(round(similarity, 4), round(a_covered, 4), round(b_covered, 4))
