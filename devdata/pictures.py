"""The pictures of a demo master, drawn straight into yuv420p planes with numpy.

Every clip has its own field of coloured blocks (drawn from its variant, as
devdata.videos draws its own), a label naming the clip and its format, a white square that
sweeps across the middle once a second, and a dark band along the bottom: the frame within
the second on its left, the time (HH:MM:SS, non-drop-frame) on its right.

Where things are matters to devdata.masters, which encodes one second and then only a new key
frame per second: the time is the one thing a key frame changes, so it sits bottom right, late
in the picture's raster order, where nothing that moves is predicted from it.
"""

import random
from fractions import Fraction
from itertools import pairwise

import numpy as np
from PIL import Image, ImageDraw, ImageFont

MB = 16  # H.264 macroblock side: the band is a whole number of them
BLACK, WHITE, NEUTRAL = 16, 235, 128  # video-range luma and neutral chroma
BAND_LUMA = 32
DIGITS = "0123456789:"


def _glyphs(size: int) -> dict[str, np.ndarray]:
    """A coverage mask (0..1) per digit and colon, all one cell wide so the time does not jitter."""
    font = ImageFont.load_default(size=size)
    width = max(round(font.getlength(c)) for c in DIGITS) + 2
    ascent, descent = font.getmetrics()
    masks = {}
    for char in DIGITS:
        image = Image.new("L", (width, ascent + descent), 0)
        ImageDraw.Draw(image).text((width / 2, ascent), char, fill=255, font=font, anchor="ms")
        masks[char] = np.asarray(image, dtype=np.float32) / 255
    return masks


def _text(text: str, size: int) -> np.ndarray:
    font = ImageFont.load_default(size=size)
    ascent, descent = font.getmetrics()
    image = Image.new("L", (round(font.getlength(text)) + 2, ascent + descent), 0)
    ImageDraw.Draw(image).text((1, 0), text, fill=255, font=font)
    return np.asarray(image, dtype=np.float32) / 255


def rate_label(rate: Fraction) -> str:
    return f"{float(rate):.2f}".rstrip("0").rstrip(".")


class Canvas:
    """The picture of one clip: a still base and what changes per frame drawn over it."""

    def __init__(self, width: int, height: int, rate: Fraction, variant: int, label: str):
        self.width, self.height = width, height
        self.per_second = round(rate)  # frames a timecode second holds (30 at 29.97)
        short = min(width, height)
        self.font = max(10, short // 18)
        band = -(-self.font * 8 // 5 // MB) * MB  # a whole number of macroblock rows
        self.band_top = height - band
        self.text_top = self.band_top + (band - self.font * 6 // 5) // 2
        self.margin = self.font // 2
        self.square = max(MB, short // 8) // 2 * 2
        self.square_top = (height // 2 - self.square // 2) // 2 * 2
        self.glyphs = _glyphs(self.font)
        self.frame_word = _text("frame ", self.font)
        cell = next(iter(self.glyphs.values())).shape[1]
        self.time_left = width - self.margin - 8 * cell
        self.y, self.u, self.v = self._base(rate, variant, label)

    def _base(self, rate, variant, label):
        width, height = self.width, self.height
        picker = random.Random(variant)  # noqa: S311 - pictures, not secrets
        columns, rows = picker.randint(5, 9), picker.randint(3, 5)
        y = np.empty((height, width), np.uint8)
        u = np.empty((height // 2, width // 2), np.uint8)
        v = np.empty_like(u)
        across, down = _edges(width, columns), _edges(height, rows)
        for top, bottom in pairwise(down):
            for left, right in pairwise(across):
                y[top:bottom, left:right] = picker.randrange(40, 220)
                u[top // 2 : bottom // 2, left // 2 : right // 2] = picker.randrange(48, 208)
                v[top // 2 : bottom // 2, left // 2 : right // 2] = picker.randrange(48, 208)
        y[self.band_top :] = BAND_LUMA
        u[self.band_top // 2 :] = NEUTRAL
        v[self.band_top // 2 :] = NEUTRAL
        words = f"Clipwire demo · {label} · {width}x{height} · {rate_label(rate)} fps"
        caption = _text(words, self.font * 2 // 3)
        caption = caption[:, : max(1, width - 2 * self.margin)]
        top, left = self.margin, self.margin
        height_, width_ = caption.shape
        y[top : top + height_, left : left + width_] = BLACK  # a dark plate under the caption
        u[top // 2 : (top + height_) // 2, left // 2 : (left + width_) // 2] = NEUTRAL
        v[top // 2 : (top + height_) // 2, left // 2 : (left + width_) // 2] = NEUTRAL
        _blend(y, caption, top, left)
        return y, u, v

    def frame(self, second: int, index: int, planes) -> None:
        """Draw frame `index` of `second` into `planes`, restoring what the last frame drew."""
        y, u, v = planes
        top, square = self.square_top, self.square
        y[top : top + square] = self.y[top : top + square]
        u[top // 2 : (top + square) // 2] = self.u[top // 2 : (top + square) // 2]
        v[top // 2 : (top + square) // 2] = self.v[top // 2 : (top + square) // 2]
        travel = self.width - square
        left = round(travel * (0.5 - 0.5 * np.cos(2 * np.pi * index / self.per_second))) // 2 * 2
        y[top : top + square, left : left + square] = WHITE
        u[top // 2 : (top + square) // 2, left // 2 : (left + square) // 2] = NEUTRAL
        v[top // 2 : (top + square) // 2, left // 2 : (left + square) // 2] = NEUTRAL
        y[self.band_top :] = self.y[self.band_top :]
        counter = [self.frame_word, *(self.glyphs[c] for c in f"{index:02d}")]
        _blend(y, np.hstack(counter), self.text_top, self.margin)
        hours, rest = divmod(second, 3600)
        clock = f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
        _blend(y, np.hstack([self.glyphs[c] for c in clock]), self.text_top, self.time_left)


def _edges(size: int, parts: int) -> list[int]:
    """Where `parts` blocks across `size` begin and end, on macroblock lines (cheap to encode)."""
    return [part * size // parts // MB * MB for part in range(parts)] + [size]


def _blend(plane: np.ndarray, mask: np.ndarray, top: int, left: int) -> None:
    height = min(mask.shape[0], plane.shape[0] - top)
    width = min(mask.shape[1], plane.shape[1] - left)
    mask = mask[:height, :width]
    region = plane[top : top + height, left : left + width]
    region[:] = (region * (1 - mask) + WHITE * mask).astype(np.uint8)
