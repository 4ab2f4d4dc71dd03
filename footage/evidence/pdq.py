"""PDQ, Meta's 256-bit perceptual image hash, in numpy (the frame hash of vPDQ).

It follows the published algorithm and the reference C++ code (ThreatExchange pdq/cpp,
hashing.pdf) step by step, see docs/verification.md for the measured agreement:

1. luminance Y = 0.299 R + 0.587 G + 0.114 B, as floats;
2. a Jarosz filter, two passes of a box filter along rows then columns (a tent filter), with a
   window of ceil(size / 128), then decimation to 64x64 by taking the pixel at each block's
   centre;
3. the quality metric: the sum of the quantised gradients of the 64x64 image, / 90, capped at
   100 (below 50 the hash says little: a black or flat frame);
4. the 2-D DCT of the 64x64, keeping frequencies 1..16 in each direction (DC skipped);
5. one bit per coefficient, set when it is above the median of the 256 (exactly 128 are).

Bit k = 16 i + j (i the vertical frequency, j the horizontal) is bit k of the hash as a 256-bit
number, and the bytes are that number big-endian: the same order as PDQ's 64-digit hex. The
left-right mirror's hash comes from the same DCT by negating the odd horizontal frequencies (the
reference's "flip Y"), so a mirrored re-post is found without hashing a second image.

The pip `pdqhash` binding is source-only (it needs a C++ toolchain and Cython at install), which
a fresh machine with only Python does not have; numpy does this in about a millisecond per
frame at the 512-pixel size frames are hashed at.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

HASH_BYTES = 32
HASH_BITS = 256
QUALITY_MIN = 50  # PDQ's recommended floor: hashes of featureless images are not compared
MIN_DIMENSION = 5  # the reference returns an empty hash, quality 0, below this

_DCT = np.sqrt(2.0 / 64) * np.cos(
    (np.pi / 2.0 / 64) * np.arange(1, 17)[:, None] * (2 * np.arange(64)[None, :] + 1)
)  # 16 x 64: rows 1..16 of the DCT-II matrix
_MIRROR_SIGNS = np.where(np.arange(16) % 2 == 0, -1.0, 1.0)[None, :]  # columns j = 0, 2, ...


@dataclass(frozen=True)
class PDQHash:
    hash: bytes  # 32 bytes, big-endian as PDQ's hex
    mirrored: bytes  # the hash of the image flipped left-right
    quality: int  # 0..100

    @property
    def hex(self) -> str:
        return self.hash.hex()


def luminance(rgb: np.ndarray) -> np.ndarray:
    """The PDQ luminance (float64, rows x columns) of an RGB uint8 image, or of a grey one."""
    if rgb.ndim == 2:
        return rgb.astype(np.float64)
    rgb = rgb.astype(np.float64)
    return 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]


def hash_image(rgb: np.ndarray) -> PDQHash:
    """The PDQ hash of an RGB (rows x columns x 3) or grey (rows x columns) uint8 image."""
    return hash_luminance(luminance(rgb))


def hash_luminance(luma: np.ndarray) -> PDQHash:
    """The PDQ hash of a luminance image (floats, 0..255)."""
    rows, cols = luma.shape
    if rows < MIN_DIMENSION or cols < MIN_DIMENSION:
        return PDQHash(bytes(HASH_BYTES), bytes(HASH_BYTES), 0)
    small = downsample_64(luma)
    coefficients = _DCT @ small @ _DCT.T  # 16 x 16, [vertical, horizontal] frequency
    return PDQHash(_bits(coefficients), _bits(coefficients * _MIRROR_SIGNS), quality(small))


def downsample_64(luma: np.ndarray) -> np.ndarray:
    """The 64x64 the reference hashes: two Jarosz (box) passes each way, then decimation.

    Each pass is linear, so both passes and the decimation along one axis are one 64 x n
    matrix, and the whole step is two matrix products."""
    rows, cols = luma.shape
    if (rows, cols) == (64, 64):
        return luma.astype(np.float64)
    return _reducer(rows) @ luma @ _reducer(cols).T


@lru_cache(maxsize=32)
def _reducer(size: int) -> np.ndarray:
    """64 x size: two box passes along a line of `size`, then the 64 block centres."""
    box = _box_matrix(size, _window(size))
    centres = ((np.arange(64) + 0.5) * size / 64).astype(int)
    return (box @ box)[centres]


def quality(small: np.ndarray) -> int:
    """PDQ's quality of a 64x64: quantised gradients (truncated like C's int conversion)."""
    vertical = np.trunc((small[:-1, :] - small[1:, :]) * 100 / 255)
    horizontal = np.trunc((small[:, :-1] - small[:, 1:]) * 100 / 255)
    total = int(np.abs(vertical).sum() + np.abs(horizontal).sum())
    return min(total // 90, 100)


def _window(size: int) -> int:
    """The reference's computeJaroszFilterWindowSize(size, 64): ceil(size / 128)."""
    return (size + 2 * 64 - 1) // (2 * 64)


def _box_matrix(size: int, window: int) -> np.ndarray:
    """The reference's box1DFloat as a matrix: each output is the mean of a window reaching
    `half - 1` ahead and `window - half` behind (half = (window + 2) // 2), cut at the edges."""
    half = (window + 2) // 2
    index = np.arange(size)
    low = np.maximum(index - (window - half), 0)[:, None]
    high = np.minimum(index + half, size)[:, None]  # exclusive
    inside = (index[None, :] >= low) & (index[None, :] < high)
    return inside / (high - low)


def _bits(coefficients: np.ndarray) -> bytes:
    """Bit k (= 16 i + j) set when coefficient [i, j] is above the median, as 32 bytes."""
    flat = coefficients.ravel()
    median = np.sort(flat)[127]  # the reference's Torben median: the 128th smallest
    bits = (flat > median).astype(np.uint8)
    return np.packbits(bits[::-1]).tobytes()  # bit 255 first: big-endian, as PDQ's hex


def as_array(hashes: bytes) -> np.ndarray:
    """Concatenated 32-byte hashes as an (n, 32) uint8 array."""
    return np.frombuffer(hashes, dtype=np.uint8).reshape(-1, HASH_BYTES)


def distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Hamming distances between every row of `a` (n, 32 uint8) and of `b` (m, 32): (n, m).

    With bits as 0/1 floats, |a xor b| = |a| + |b| - 2 a.b, one matrix product (exact: the
    values are small integers)."""
    bits_a = np.unpackbits(np.asarray(a, dtype=np.uint8), axis=1).astype(np.float32)
    bits_b = np.unpackbits(np.asarray(b, dtype=np.uint8), axis=1).astype(np.float32)
    shared = bits_a @ bits_b.T
    result = bits_a.sum(1)[:, None] + bits_b.sum(1)[None, :] - 2 * shared
    return np.rint(result).astype(np.int32)


def distance(a: bytes, b: bytes) -> int:
    """The Hamming distance between two hashes (0..256)."""
    return int(distances(as_array(a), as_array(b))[0, 0])
