"""The fingerprint of a video for near-duplicate search: PDQ hashes of about one frame a second.

vPDQ's scheme (see docs/verification.md): every frame is decoded, since a long GOP makes
seeking to each second no cheaper, but only the first frame at or after each whole second is
converted and hashed. Before hashing, the frame is scaled to at most 512 pixels on its long side
(PDQ reduces it to 64x64 anyway), turned upright when the stream carries a display matrix, and
stripped of black bars, so a letterboxed, pillarboxed or vertical re-post hashes like the
original. Frames of low PDQ quality (black, flat or faded frames) are left out: their hashes
would match any other flat frame. Each kept frame also has its left-right mirror's hash, to
find flipped re-posts, and its coarse signature (coarse.py), to find cropped ones.
"""

from dataclasses import dataclass, field

import numpy as np

from footage.containers import open_footage
from footage.errors import MediaError

from . import coarse as coarse_signature
from . import pdq

SAMPLE_EVERY = 1.0  # seconds between hashed frames
HASH_SIDE = 512  # the longest side a frame is scaled to before hashing
BAR_LEVEL = 24.0  # a row or column darker than this on average (0..255 luminance)...
BAR_SPREAD = 12.0  # ...and this flat (standard deviation) is a black bar
KEEP_AT_LEAST = 0.2  # bars never take more than 80% of a side (a dark frame stays whole)


@dataclass(frozen=True)
class FrameHashes:
    """PDQ hashes of the sampled frames, in time order, and where they are in the clip."""

    hashes: bytes  # 32 bytes a frame, concatenated
    mirrored: bytes  # the same frames flipped left-right
    times: list[float] = field(default_factory=list)  # seconds from the first frame
    duration: float = 0.0  # seconds
    coarse: bytes = b""  # coarse.BYTES (13) bytes a frame, the same frames: crop-tolerant

    def __len__(self) -> int:
        return len(self.hashes) // pdq.HASH_BYTES


def fingerprint_file(path: str, *, every: float = SAMPLE_EVERY) -> FrameHashes:
    """The frame hashes of the video at `path`, one frame about every `every` seconds.

    Raises MediaError when the file is not a video we can read."""
    hashes, mirrored, coarse, times = [], [], [], []
    first = last = None
    container = open_footage(str(path))
    try:
        if not container.streams.video:
            raise MediaError("This file has no video stream to fingerprint.")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        step = _frame_step(stream)
        target = 0.0
        for frame in container.decode(stream):
            when = frame.time
            if when is None:
                continue
            if first is None:
                first = when
            last = when - first
            if last + 1e-6 < target:
                continue
            target = (int(last / every + 1e-6) + 1) * every
            luma = trim_bars(pdq.luminance(_upright_rgb(frame)))
            result = pdq.hash_luminance(luma)
            if result.quality >= pdq.QUALITY_MIN:
                hashes.append(result.hash)
                mirrored.append(result.mirrored)
                coarse.append(coarse_signature.coarse_hash(luma))
                times.append(round(last, 3))
    except MediaError:
        raise
    except Exception as error:  # FFmpeg's errors while decoding a damaged file
        raise MediaError(f"This video could not be decoded to the end: {error}.") from None
    finally:
        container.close()
    duration = 0.0 if last is None else last + step
    return FrameHashes(
        b"".join(hashes), b"".join(mirrored), times, round(duration, 3), b"".join(coarse)
    )


def trim_bars(luma: np.ndarray) -> np.ndarray:
    """The image without the black bars along its edges (letterbox, pillarbox, both)."""
    top, bottom = _bars(luma, axis=1)
    luma = luma[top : luma.shape[0] - bottom]
    left, right = _bars(luma, axis=0)
    return luma[:, left : luma.shape[1] - right]


def _bars(luma: np.ndarray, axis: int) -> tuple[int, int]:
    """How many lines at the start and end (rows when axis is 1) are black and flat."""
    dark = (luma.mean(axis=axis) < BAR_LEVEL) & (luma.std(axis=axis) < BAR_SPREAD)
    size = dark.size
    lead = int(np.argmin(dark)) if not dark.all() else size
    trail = int(np.argmin(dark[::-1])) if not dark.all() else size
    if size - lead - trail < KEEP_AT_LEAST * size:
        return 0, 0  # a black or nearly black frame: quality leaves it out
    return lead, trail


def _upright_rgb(frame) -> np.ndarray:
    """The frame as RGB, at most HASH_SIDE on its long side, rotated as it is displayed."""
    scale = min(1.0, HASH_SIDE / max(frame.width, frame.height))
    width = max(2, round(frame.width * scale))
    height = max(2, round(frame.height * scale))
    rgb = frame.reformat(width=width, height=height, format="rgb24").to_ndarray()
    turns = round((getattr(frame, "rotation", 0) or 0) / 90) % 4
    return np.rot90(rgb, k=turns) if turns else rgb


def _frame_step(stream) -> float:
    """Seconds a frame lasts, to count the last one in the duration."""
    rate = stream.average_rate or stream.guessed_rate or stream.base_rate
    return float(1 / rate) if rate else 0.0
