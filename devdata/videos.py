"""Synthetic videos made with PyAV: small demo masters, test clips and benchmark footage."""

import io
import math
import os
from fractions import Fraction

import av


def _pattern(width: int, height: int, index: int, count: int) -> bytes:
    """An RGB picture: a colour field with a bright bar that moves across it."""
    shade = (index * 7) % 200 + 28
    background = bytes((shade, 90, 255 - shade))
    bar_width = max(2, width // 12)
    bar_left = (index * max(1, width // max(1, count))) % max(1, width - bar_width)
    row = (
        background * bar_left
        + b"\xff\xf0\x40" * bar_width
        + background * (width - bar_left - bar_width)
    )
    return row * height


def synthetic_video(
    seconds: int,
    *,
    width: int = 64,
    height: int = 36,
    fps: int = 1,
    audio: bool = False,
    distinct_frames: int = 50,
    preset: str | None = None,
    noise: bool = False,
    target=None,
) -> bytes | None:
    """An H.264 MP4 of exactly `seconds` seconds (AAC sine tone when `audio`). Frames cycle
    through `distinct_frames` pictures so even 1080p footage is quick to make. Writes to
    `target` (a path) when given, else returns the bytes."""
    buffer = target or io.BytesIO()
    frames = []
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = Fraction(1, fps)
        if preset:
            stream.options = {"preset": preset}
        sound = container.add_stream("aac", rate=44100) if audio else None
        if sound is not None:
            sound.layout = "mono"
        for index in range(seconds * fps):
            slot = index % distinct_frames
            if slot == len(frames):
                frame = av.VideoFrame(width, height, "rgb24")
                plane = frame.planes[0]
                pixels = _pattern(width, height, slot, distinct_frames)
                if noise:  # grain over the picture: a far harder job for decoder and encoder
                    grain = os.urandom(len(pixels))
                    pixels = bytes(
                        ((p >> 1) + (g >> 2)) for p, g in zip(pixels, grain, strict=True)
                    )
                if plane.line_size == width * 3:
                    plane.update(pixels)
                else:
                    stride, pad = width * 3, bytes(plane.line_size - width * 3)
                    plane.update(
                        b"".join(pixels[r * stride : (r + 1) * stride] + pad for r in range(height))
                    )
                frames.append(frame.reformat(format="yuv420p"))
            frame = frames[slot]
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
        if sound is not None:
            _tone(container, sound, seconds)
    return None if target else buffer.getvalue()


def _tone(container, stream, seconds: int) -> None:
    rate, samples_per_frame = 44100, 1024
    total = seconds * rate
    import array

    for start in range(0, total, samples_per_frame):
        count = min(samples_per_frame, total - start)
        samples = array.array(
            "f", (0.2 * math.sin(2 * math.pi * 440 * (start + i) / rate) for i in range(count))
        )
        frame = av.AudioFrame(format="flt", layout="mono", samples=count)
        frame.planes[0].update(samples.tobytes())
        frame.sample_rate, frame.pts = rate, start
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))
