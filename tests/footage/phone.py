"""A phone-style master made with PyAV: a picture stored on its side with a display matrix
that says to turn it (as a phone held upright records), frames at an irregular rate (a
variable-frame-rate camera), and sound."""

import math
import struct
from fractions import Fraction
from pathlib import Path

import av

TIME_BASE = Fraction(1, 600)  # what phones write
# The display matrix a phone held upright writes (QuickTime's tkhd, 16.16 and 2.30 fixed
# point): the picture is shown turned 90 degrees clockwise.
UPRIGHT_PORTRAIT = (0, 1 << 16, 0, -(1 << 16), 0, 0, 0, 0, 1 << 30)


def phone_master(path: Path, *, seconds: float = 2, width: int = 320, height: int = 180) -> Path:
    """Write the master: its stored (coded) picture is bright in the top half and dark in the
    bottom, so shown upright the right half is bright. Frames come every 1/40 to 1/24 s."""
    intervals = [15, 25, 18, 20, 22, 16, 24, 20]  # in 1/600 s: 40 down to 24 frames a second
    with av.open(str(path), mode="w", format="mp4") as out:
        video = out.add_stream("libx264", rate=30)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.time_base = video.codec_context.time_base = TIME_BASE
        video.options = {"preset": "ultrafast"}
        sound = out.add_stream("aac", rate=48000)
        sound.layout = "mono"
        picture = av.VideoFrame(width, height, "gray")
        row, top = picture.planes[0].line_size, height // 2
        picture.planes[0].update(b"\xf0" * row * top + b"\x10" * row * (height - top))
        picture = picture.reformat(format="yuv420p")
        moment, index = 0, 0
        while moment < seconds * 600:
            picture.pts, picture.time_base = moment, TIME_BASE
            out.mux(video.encode(picture))
            moment += intervals[index % len(intervals)]
            index += 1
        out.mux(video.encode(None))
        _tone(out, sound, seconds)
    _set_display_matrix(path, UPRIGHT_PORTRAIT)
    return path


def _tone(out, stream, seconds: float):
    rate, step = 48000, 1024
    total = round(seconds * rate)
    for start in range(0, total, step):
        count = min(step, total - start)
        frame = av.AudioFrame(format="s16", layout="mono", samples=count)
        samples = (
            round(8000 * math.sin(2 * math.pi * 440 * (start + i) / rate)) for i in range(count)
        )
        frame.planes[0].update(struct.pack(f"<{count}h", *samples))
        frame.sample_rate, frame.pts = rate, start
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def _set_display_matrix(path: Path, matrix: tuple[int, ...]):
    """Write `matrix` into the video track's header box (tkhd), as a phone does."""
    data = bytearray(path.read_bytes())
    at = data.find(b"tkhd")
    while at != -1:
        version = data[at + 4]
        offset = at + 4 + (4 + 32 + 16 if version == 1 else 4 + 20 + 16)
        width = struct.unpack(">I", data[offset + 36 : offset + 40])[0]
        if width:  # the video track (the sound's has no picture size)
            data[offset : offset + 36] = struct.pack(">9i", *matrix)
            path.write_bytes(bytes(data))
            return
        at = data.find(b"tkhd", at + 4)
    raise ValueError("no video track header")
