"""Synthetic videos made with PyAV: small demo masters, test clips and benchmark footage."""

import io
import math
import os
import random
from fractions import Fraction

import av


def _pattern(width: int, height: int, index: int, count: int, variant: int = 0) -> bytes:
    """An RGB picture: a field of coloured blocks, drawn from `variant`, with a bright bar that
    moves across it. Clips of different variants look nothing alike to the near-duplicate
    search (footage.evidence), as different footage would."""
    shade = (index * 7) % 200 + 28
    picker = random.Random(variant)  # noqa: S311 - pictures, not secrets
    columns, rows = 8, 4
    bar_width = max(2, width // 12)
    bar_left = (index * max(1, width // max(1, count))) % max(1, width - bar_width)
    edges = [x * width // columns for x in range(columns + 1)]
    picture = []
    for band in range(rows):
        colours = [
            bytes(
                (
                    picker.randrange(256),
                    picker.randrange(256),
                    (shade + picker.randrange(256)) % 256,
                )
            )
            for _ in range(columns)
        ]
        row = b"".join(colour * (edges[i + 1] - edges[i]) for i, colour in enumerate(colours))
        row = row[: bar_left * 3] + b"\xff\xf0\x40" * bar_width + row[(bar_left + bar_width) * 3 :]
        lines = (band + 1) * height // rows - band * height // rows
        picture.append(row * lines)
    return b"".join(picture)


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
    variant: int | None = None,
    target=None,
    stereo: bool = False,
) -> bytes | None:
    """An H.264 MP4 of exactly `seconds` seconds (AAC sine tone when `audio`, a different
    pitch on each side when `stereo`). Frames cycle
    through `distinct_frames` pictures so even 1080p footage is quick to make. Writes to
    `target` (a path) when given, else returns the bytes. Each `variant` is different footage
    (None: a random one), so two calls do not make duplicates of each other."""
    variant = random.randrange(2**32) if variant is None else variant  # noqa: S311
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
            sound.layout = "stereo" if stereo else "mono"
        for index in range(seconds * fps):
            slot = index % distinct_frames
            if slot == len(frames):
                frame = av.VideoFrame(width, height, "rgb24")
                plane = frame.planes[0]
                pixels = _pattern(width, height, slot, distinct_frames, variant)
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

    pitches = (440, 660)[: stream.layout.nb_channels]  # interleaved, one pitch a side
    for start in range(0, total, samples_per_frame):
        count = min(samples_per_frame, total - start)
        samples = array.array(
            "f",
            (
                0.2 * math.sin(2 * math.pi * pitch * (start + i) / rate)
                for i in range(count)
                for pitch in pitches
            ),
        )
        frame = av.AudioFrame(format="flt", layout=stream.layout.name, samples=count)
        frame.planes[0].update(samples.tobytes())
        frame.sample_rate, frame.pts = rate, start
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))
