"""The near-duplicate test set, from real photographs: the tests and bench/fingerprints.py.

Nothing is downloaded: the frames come from the photographs scikit-image ships (skimage.data).
Each distinct clip is a slow camera move (a pan, a diagonal drift or a zoom) inside its own tile
of one photograph; tiles never overlap, so two distinct clips share no picture (a shared region
would rightly match). Tiles that are flat or dark (parts of the Hubble field, the retina's black
surround) are left out, and so are photographs with a repeating pattern (brick) or that are
another's copy (skimage's cat is chelsea).

Each clip is encoded with PyAV (H.264 in MP4), then decoded and re-encoded into its variants:

    reencode    half the resolution, MPEG-4 part 2 at 48 kb/s, in Matroska
    crop        10% of the width and of the height cut off, unevenly (4% + 6%, 7% + 3%)
    letterbox   inside a vertical 9:16 frame, black bars above and below
    pillarbox   inside a 21:9 frame, black bars left and right
    subclip     20% of the length, starting half a second off the sampling grid
    mirror      flipped left-right

Clips are 12 s at 2 frames a second: at one hashed frame a second, a 20% sub-clip still has
three hashed frames, and few frames keep the set quick to build.
"""

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

PHOTOS = (
    "astronaut", "camera", "coffee", "chelsea", "hubble_deep_field", "immunohistochemistry",
    "rocket", "retina", "coins", "moon", "grass", "gravel", "cell", "clock", "stereo_motorcycle",
)  # fmt: skip
VARIANTS = ("reencode", "crop", "letterbox", "pillarbox", "subclip", "mirror")
TILE = (90, 160)  # rows, columns of photograph a clip is filmed in (16:9)
SIZE = (144, 256)  # rows, columns of the clips
SECONDS = 12
FPS = 2
MIN_QUALITY = 60  # PDQ quality every hashed frame of a clip has (the fingerprint drops < 50)


@dataclass
class DuplicateSet:
    originals: list[Path] = field(default_factory=list)
    variants: dict[str, list[Path]] = field(default_factory=dict)  # kind -> one per original


def photographs() -> dict[str, np.ndarray]:
    """The photographs, as RGB uint8 arrays."""
    from skimage import data

    result = {}
    for name in PHOTOS:
        image = getattr(data, name)()
        image = np.asarray(image[0] if isinstance(image, tuple) else image)
        if image.ndim == 2:
            image = np.stack([image] * 3, axis=-1)
        result[name] = np.ascontiguousarray(image[..., :3].astype(np.uint8))
    return result


def tiles(photos: dict[str, np.ndarray]) -> list[tuple[str, int, int]]:
    """Non-overlapping TILE-sized (photo, top, left) tiles with enough picture in them.

    Photographs take turns, so the first hundred tiles come from all of them."""
    from footage.evidence import pdq

    per_photo = []
    for name, image in photos.items():
        rows, cols = image.shape[:2]
        found = []
        for top in range(0, rows - TILE[0] + 1, TILE[0]):
            for left in range(0, cols - TILE[1] + 1, TILE[1]):
                piece = image[top : top + TILE[0], left : left + TILE[1]]
                luma = pdq.luminance(piece)
                if luma.mean() >= 30 and luma.std() >= 16 and pdq.hash_image(piece).quality >= 60:
                    found.append((name, top, left))
        per_photo.append(found)
    ordered = []
    for rank in range(max(len(found) for found in per_photo)):
        ordered += [found[rank] for found in per_photo if rank < len(found)]
    return ordered


def camera_frames(image: np.ndarray, tile: tuple[str, int, int], move: int) -> list[np.ndarray]:
    """SECONDS * FPS frames of a slow camera move inside the tile (SIZE each)."""
    _, top, left = tile
    rows, cols = TILE
    count = SECONDS * FPS
    picture = Image.fromarray(image)
    frames = []
    for index in range(count):
        t = index / (count - 1)
        width = cols * (0.9 - (0.1 * t if move % 4 == 3 else 0))  # a zoom in, or 90% wide
        height = width * 9 / 16
        spare_x, spare_y = cols - width, rows - height
        x = {0: t, 1: 1 - t, 2: t, 3: 0.5}[move % 4] * spare_x
        y = {0: 0.5, 1: 0.5, 2: t, 3: 0.5}[move % 4] * spare_y
        box = (left + x, top + y, left + x + width, top + y + height)
        frame = picture.resize((SIZE[1], SIZE[0]), Image.Resampling.BILINEAR, box=box)
        frames.append(np.asarray(frame))
    return frames


def write(path: Path, frames, *, fps: int = FPS, codec: str = "libx264", **settings) -> Path:
    """Encode RGB frames (all one size, even sides) into `path`; settings: bit_rate, options."""
    frames = list(frames)
    height, width = frames[0].shape[:2]
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = Fraction(1, fps)
        if "bit_rate" in settings:
            stream.bit_rate = settings["bit_rate"]
        stream.options = settings.get("options", {"preset": "ultrafast", "crf": "20"})
        for index, rgb in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def decoded(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def resized(rgb: np.ndarray, rows: int, cols: int) -> np.ndarray:
    return np.asarray(Image.fromarray(rgb).resize((cols, rows), Image.Resampling.BILINEAR))


def boxed(rgb: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """The picture scaled to fit a rows x cols black frame, centred (letterbox or pillarbox)."""
    scale = min(rows / rgb.shape[0], cols / rgb.shape[1])
    inner_rows, inner_cols = even(rgb.shape[0] * scale), even(rgb.shape[1] * scale)
    canvas = np.zeros((rows, cols, 3), dtype=np.uint8)
    top, left = (rows - inner_rows) // 2, (cols - inner_cols) // 2
    canvas[top : top + inner_rows, left : left + inner_cols] = resized(rgb, inner_rows, inner_cols)
    return canvas


def make_variants(original: Path, folder: Path, stem: str) -> dict[str, Path]:
    """The six variants of one clip, re-encoded from its decoded frames."""
    frames = decoded(original)
    rows, cols = frames[0].shape[:2]
    cut_top, cut_bottom, cut_left, cut_right = (
        round(rows * 0.07), round(rows * 0.03), round(cols * 0.04), round(cols * 0.06)
    )  # fmt: skip
    start, length = len(frames) // 3 | 1, round(0.2 * len(frames))  # 20%, an odd frame: off-grid
    kinds = {
        "reencode": (
            lambda f: resized(f, even(rows / 2), even(cols / 2)),
            {"codec": "mpeg4", "bit_rate": 48_000, "options": {}},
            ".mkv",
        ),
        "crop": (
            lambda f: resized(
                f[cut_top : rows - cut_bottom, cut_left : cols - cut_right],
                even(rows * 0.9),
                even(cols * 0.9),
            ),
            {},
            ".mp4",
        ),
        "letterbox": (lambda f: boxed(f, even(cols * 16 / 9 / 2), even(cols / 2)), {}, ".mp4"),
        "pillarbox": (lambda f: boxed(f, rows, even(rows * 21 / 9)), {}, ".mp4"),
        "mirror": (lambda f: np.ascontiguousarray(f[:, ::-1]), {}, ".mp4"),
    }
    result = {}
    for kind, (change, settings, suffix) in kinds.items():
        path = folder / f"{stem}-{kind}{suffix}"
        result[kind] = write(path, [change(f) for f in frames], **settings)
    result["subclip"] = write(folder / f"{stem}-subclip.mp4", frames[start : start + length])
    return dict(sorted(result.items(), key=lambda item: VARIANTS.index(item[0])))


def build(folder: Path, count: int = 120, *, with_variants: int | None = None) -> DuplicateSet:
    """`count` distinct clips in `folder` (fewer if the photographs run out), and the variants
    of the first `with_variants` of them (all when None)."""
    from footage.evidence import pdq

    folder.mkdir(parents=True, exist_ok=True)
    photos = photographs()
    result = DuplicateSet(variants={kind: [] for kind in VARIANTS})
    with_variants = count if with_variants is None else with_variants
    for tile in tiles(photos):
        index = len(result.originals)
        if index == count:
            break
        frames = camera_frames(photos[tile[0]], tile, index)
        if min(pdq.hash_image(frame).quality for frame in frames[:: 3 * FPS]) < MIN_QUALITY:
            continue  # the camera's view is too soft or flat to be hashed every second
        stem = f"clip{index:03d}"
        original = write(folder / f"{stem}.mp4", frames)
        result.originals.append(original)
        if index < with_variants:
            for kind, path in make_variants(original, folder, stem).items():
                result.variants[kind].append(path)
    return result
