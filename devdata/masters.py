"""Demo masters that are what their clip says: its picture size, frame rate and duration, with
stereo sound, each clip its own picture (devdata.pictures).

The demo's clips add up to about 2 h 47 min, half an hour of it 4K: encoding every frame would
take over half an hour on a 2-core machine. Only the picture's changes are encoded. The first
second is encoded in full (a key frame, then a predicted frame each for the moving square and
the frame counter); every later second is that second again, behind a key frame of its own
that shows the new time. The key frame is an IDR (nothing after it looks back past it), the
encoder quantises at one fixed level, and the time is the last thing in the picture's raster
order, so each second decodes exactly as if the whole clip had been encoded frame by frame
(tests/devdata/test_masters.py compares the two). The sound is an 8-second loop of AAC frames,
encoded once.

Made once into a cache folder (settings.DEMO_MASTERS_CACHE) under a name that says what the
file is, so a second `make run`, or one after the database was deleted, copies instead of
encoding. Figures in docs/operations.md.
"""

import functools
import os
import zlib
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.video.frame import PictureType

from devdata.pictures import Canvas, rate_label

VERSION = 1  # what the files hold: raise it when the pictures or the encoding change
QP = 36  # H.264 quantiser, fixed (a rate control would vary it with the time's digits)
AUDIO_RATE = 48000
AUDIO_BLOCK = 1024  # samples an AAC frame holds
AUDIO_CYCLE = 375  # AAC frames in 8 s at 48 kHz: the sound repeats exactly after them
AUDIO_BITRATE = 64000


@dataclass(frozen=True)
class MasterSpec:
    """What a demo master must be: the clip's public id (its picture is drawn from it), picture
    size, frame rate and duration in whole seconds."""

    public_id: str
    width: int
    height: int
    frame_rate: Fraction
    seconds: int

    @property
    def frames(self) -> int:
        return max(1, round(self.seconds * self.frame_rate))

    @property
    def variant(self) -> int:
        return zlib.crc32(self.public_id.encode())

    @property
    def file_name(self) -> str:
        size = f"{self.width}x{self.height}"
        rate = rate_label(self.frame_rate)
        return f"{self.public_id}-{size}-{rate}fps-{self.seconds}s-v{VERSION}.mp4"


def cached_master(spec: MasterSpec, directory: Path) -> tuple[Path, bool]:
    """The master for `spec` in `directory`, made there first when it is not; and whether it
    was made now. A file half written by a run that stopped is never taken for a master."""
    path = Path(directory) / spec.file_name
    if path.is_file():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        make_master(spec, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path, True


def make_master(spec: MasterSpec, path: Path, *, every_frame: bool = False) -> None:
    """Write the master for `spec` to `path` (H.264 and AAC stereo in MP4). `every_frame`
    encodes each frame in full, as an ordinary encoder would: far slower, and what the quick
    way must decode to exactly."""
    if spec.width % 2 or spec.height % 2:
        raise ValueError(f"{spec.width}×{spec.height}: 4:2:0 video needs even sides.")
    canvas = Canvas(spec.width, spec.height, spec.frame_rate, spec.variant, spec.public_id)
    with av.open(str(path), mode="w", format="mp4") as container:
        video = container.add_stream("libx264", rate=spec.frame_rate)
        video.width, video.height, video.pix_fmt = spec.width, spec.height, "yuv420p"
        video.time_base = 1 / spec.frame_rate
        video.options = {
            "preset": "ultrafast",  # also no deblocking: nothing smooths across the time's edge
            "qp": str(QP),
            "g": str(canvas.per_second),
            "forced-idr": "1",
            "x264-params": "cabac=1",  # a third smaller than ultrafast's CAVLC, no slower
        }
        audio = container.add_stream("aac", rate=AUDIO_RATE)
        audio.layout, audio.bit_rate = "stereo", AUDIO_BITRATE
        data = _encode_video(video, canvas, spec.frames, every_frame)
        _mux(container, video, audio, data, canvas.per_second, spec)


def _frame_planes(frame) -> list[np.ndarray]:
    """Writable views of a yuv420p frame's planes, without their row padding."""
    views = []
    for plane, width, height in zip(
        frame.planes,
        (frame.width, frame.width // 2, frame.width // 2),
        (frame.height, frame.height // 2, frame.height // 2),
        strict=True,
    ):
        rows = np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)
        views.append(rows[:height, :width])
    return views


def _encode_video(stream, canvas: Canvas, frames: int, every_frame: bool):
    """Encode the frames needed; returns the encoded frame for each frame number. Quick way:
    the first second's frames, then the first frame (a key frame) of each later second; a
    later second's other frames are the first second's."""
    frame = av.VideoFrame(canvas.width, canvas.height, "yuv420p")
    planes = _frame_planes(frame)
    for target, source in zip(planes, (canvas.y, canvas.u, canvas.v), strict=True):
        target[:] = source
    per_second = canvas.per_second
    first = min(per_second, frames)
    if every_frame:
        drawn = [divmod(index, per_second) for index in range(frames)]
    else:
        seconds = -(-frames // per_second)
        drawn = [(0, offset) for offset in range(first)] + [(s, 0) for s in range(1, seconds)]
    packets = []
    for second, offset in drawn:
        canvas.frame(second, offset, planes)
        frame.pts = second * per_second + offset
        frame.pict_type = PictureType.I if offset == 0 else PictureType.NONE
        packets.extend(bytes(p) for p in stream.encode(frame))
    packets.extend(bytes(p) for p in stream.encode(None))
    if len(packets) != len(drawn):
        raise RuntimeError(f"The encoder gave {len(packets)} frames for {len(drawn)}.")
    if every_frame:
        return packets.__getitem__

    def data(index: int) -> bytes:
        second, offset = divmod(index, per_second)
        return packets[first + second - 1] if second and not offset else packets[offset]

    return data


def _mux(container, video, audio, data, per_second: int, spec: MasterSpec) -> None:
    """Write the video's frames in order, each second followed by the sound up to its end."""
    frame_time = 1 / spec.frame_rate
    samples = round(spec.frames * frame_time * AUDIO_RATE)
    blocks = 1 + -(-samples // AUDIO_BLOCK)  # the encoder's priming frame, then the sound's
    sent, frames = 0, spec.frames
    for index in range(frames):
        packet = av.Packet(data(index))
        packet.stream, packet.time_base = video, frame_time
        packet.pts = packet.dts = index
        packet.duration, packet.is_keyframe = 1, index % per_second == 0
        container.mux(packet)
        if index % per_second == per_second - 1 or index == frames - 1:
            until = samples if index == frames - 1 else (index + 1) * frame_time * AUDIO_RATE
            while sent < blocks and (sent - 1) * AUDIO_BLOCK < until:
                packet = av.Packet(_aac_frame(sent))
                packet.stream, packet.time_base = audio, Fraction(1, AUDIO_RATE)
                packet.pts = packet.dts = (sent - 1) * AUDIO_BLOCK
                packet.duration = min(AUDIO_BLOCK, samples - (sent - 1) * AUDIO_BLOCK)
                container.mux(packet)
                sent += 1


def _sound(start: int, count: int) -> np.ndarray:
    """Stereo, 8 s long and repeating: a quiet tone on each side (440 Hz left, 660 Hz right)
    and a 1 kHz pip at every second, on both sides every other second."""
    t = np.arange(start, start + count) / AUDIO_RATE
    into = t % 1.0
    envelope = np.clip(np.minimum(into, 0.08 - into) / 0.005, 0, 1) * (into < 0.08)
    pip = 0.2 * envelope * np.sin(2 * np.pi * 1000 * t)
    left = 0.03 * np.sin(2 * np.pi * 440 * t) + pip
    right = 0.03 * np.sin(2 * np.pi * 660 * t) + pip * (t % 2.0 < 1.0)
    return np.stack([left, right]).astype(np.float32)


def _aac_frame(number: int) -> bytes:
    first, cycle = _aac_frames()
    return first[number] if number < len(first) else cycle[(number - len(first)) % len(cycle)]


@functools.cache
def _aac_frames() -> tuple[list[bytes], list[bytes]]:
    """The AAC frames of the first cycle (the encoder's priming frame first), and of a cycle
    in the steady state, which follows itself seamlessly."""
    codec = av.CodecContext.create("aac", "w")
    codec.sample_rate, codec.layout, codec.format = AUDIO_RATE, "stereo", "fltp"
    codec.bit_rate, codec.time_base = AUDIO_BITRATE, Fraction(1, AUDIO_RATE)
    codec.open()
    packets = []
    for block in range(2 * AUDIO_CYCLE + 1):
        frame = av.AudioFrame.from_ndarray(
            _sound(block * AUDIO_BLOCK, AUDIO_BLOCK), format="fltp", layout="stereo"
        )
        frame.sample_rate, frame.pts = AUDIO_RATE, block * AUDIO_BLOCK
        packets.extend(bytes(p) for p in codec.encode(frame))
    packets.extend(bytes(p) for p in codec.encode(None))
    first = AUDIO_CYCLE + 1
    return packets[:first], packets[first : first + AUDIO_CYCLE]
