"""Generated frame hashes for the duplicate-search benchmark (bench/duplicates_scale.py).

Not real PDQ hashes but shaped like them at one frame a second: a clip is a run of shots
(a cut every SHOT_SECONDS on average, a fresh random 256-bit hash at each cut) and within a
shot each frame differs from the one before by about DRIFT_BITS random bits. Clip lengths run
from 10 to 180 s, mean about 60 s. A mirror image is a fixed bit reversal (an involution that
keeps Hamming distances), so mirroring a mirrored clip gives the clip back.

A copy of a clip (`noisy`) flips `bits` random bits of every frame: a re-encode, a logo, a
crop. Everything is seeded, so a batch of clips can be made again from its number.
"""

import numpy as np

HASH_BYTES = 32
SHOT_SECONDS = 4.0
DRIFT_BITS = 4  # mean; each bit flips with probability DRIFT_BITS / 256
_REVERSED = np.array([int(f"{i:08b}"[::-1], 2) for i in range(256)], dtype=np.uint8)


def clip_lengths(rng: np.random.Generator, count: int) -> np.ndarray:
    """Seconds (= frames) per clip: 10 + Gamma(2, 25), capped at 180; mean about 60."""
    return np.clip(np.rint(10 + rng.gamma(2.0, 25.0, count)), 10, 180).astype(np.int64)


def clips(rng: np.random.Generator, lengths: np.ndarray) -> np.ndarray:
    """Frames of clips of these lengths, back to back: (sum(lengths), 32) uint8."""
    total = int(lengths.sum())
    cut = rng.random(total) < 1.0 / SHOT_SECONDS
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    cut[starts] = True
    drift = rng.integers(0, 256 // DRIFT_BITS, (total, 256), dtype=np.uint8) == 0
    flips = np.packbits(drift, axis=1)
    fresh = rng.integers(0, 256, (int(cut.sum()), HASH_BYTES), dtype=np.uint8)
    flips[cut] = fresh  # xor-ing a fresh random hash in gives a random, unrelated frame
    return np.bitwise_xor.accumulate(flips, axis=0)


def mirror(frames: np.ndarray) -> np.ndarray:
    """The frames' mirror images: every 256-bit hash bit-reversed."""
    return _REVERSED[frames[:, ::-1]]


def noisy(rng: np.random.Generator, frames: np.ndarray, bits: int) -> np.ndarray:
    """A copy with exactly `bits` random bits of each frame flipped."""
    order = np.argsort(rng.random((len(frames), 256)), axis=1)[:, :bits]
    mask = np.zeros((len(frames), 256), dtype=bool)
    np.put_along_axis(mask, order, True, axis=1)
    return frames ^ np.packbits(mask, axis=1)


def bits_of(frames: np.ndarray) -> np.ndarray:
    return np.unpackbits(np.asarray(frames, dtype=np.uint8).reshape(-1, HASH_BYTES), axis=1)


def distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Hamming distance of every frame of a to every frame of b."""
    sa = bits_of(a).astype(np.float32) * 2 - 1
    sb = bits_of(b).astype(np.float32) * 2 - 1
    return np.rint((256 - sa @ sb.T) / 2).astype(np.int32)
