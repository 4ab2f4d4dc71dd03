"""A crop-tolerant frame signature: the sign pattern of a frame's lowest spatial frequencies.

PDQ follows a picture's position to about 1% of the frame, so a copy with 10% cut off its
sides (a zoom of about 1.1 and a shift of a few %) moves its hash to chance. The coarsest
frequencies barely move under such a crop. The signature of a frame:

1. the middle of the bar-trimmed luminance, MARGIN cut off each side, so what a crop of up
   to about 10% leaves of the picture is mostly the same content on both sides;
2. box-filtered (area average) to SIDE x SIDE;
3. its 2-D DCT, keeping frequencies 0..FREQUENCIES-1 each way, DC left out (BITS = 99);
4. one bit per coefficient, set when it is above their median; packed into BYTES (13) bytes.

A bit pattern this short also matches unrelated frames now and then (a sky above darker
ground), so clips are matched on the time-aligned sequence, not frame by frame
(matching.compare): see docs/verification.md for the measured thresholds.
"""

from functools import lru_cache

import numpy as np

SIDE = 32
FREQUENCIES = 10
MARGIN = 0.1  # share of each side left out before the signature is taken
BITS = FREQUENCIES * FREQUENCIES - 1
BYTES = (BITS + 7) // 8
MIN_SIDE = 8  # pixels of picture the middle must have each way, or the signature is empty


@lru_cache(maxsize=64)
def _area(size: int) -> np.ndarray:
    """SIDE x size matrix averaging `size` samples into SIDE equal bins (a box filter)."""
    edges = np.linspace(0.0, size, SIDE + 1)
    starts, ends = edges[:-1, None], edges[1:, None]
    pixel = np.arange(size)[None, :]
    weights = np.clip(np.minimum(ends, pixel + 1) - np.maximum(starts, pixel), 0.0, None)
    return weights / weights.sum(axis=1, keepdims=True)


_DCT = np.cos(np.pi / SIDE * np.arange(FREQUENCIES)[:, None] * (np.arange(SIDE)[None, :] + 0.5))


def coarse_hash(luma: np.ndarray) -> bytes:
    """The BYTES-byte signature of a (bar-trimmed) luminance image, floats 0..255."""
    rows, cols = luma.shape
    top, left = round(rows * MARGIN), round(cols * MARGIN)
    middle = luma[top : rows - top, left : cols - left]
    if min(middle.shape) < MIN_SIDE:
        return bytes(BYTES)
    small = _area(middle.shape[0]) @ middle @ _area(middle.shape[1]).T
    coefficients = (_DCT @ small @ _DCT.T).ravel()[1:]
    return np.packbits(coefficients > np.median(coefficients)).tobytes()


def as_bits(signatures: bytes) -> np.ndarray:
    """frames x BITS booleans from concatenated signatures."""
    packed = np.frombuffer(bytes(signatures), dtype=np.uint8).reshape(-1, BYTES)
    return np.unpackbits(packed, axis=1)[:, :BITS].astype(bool)


def distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """len(a) x len(b) Hamming distances between rows of as_bits arrays."""
    a, b = a.astype(np.int32), b.astype(np.int32)
    return a @ (1 - b).T + (1 - a) @ b.T
