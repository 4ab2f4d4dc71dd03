"""Reading and rendering footage with PyAV (FFmpeg) and Pillow: probing, the poster frame,
thumbnails and the watermarked 360p preview. Pure functions over files; no models here
(footage.models says which thumbnail sizes exist)."""

import io
import math
import time
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import av
from PIL import Image, ImageDraw, ImageFont

from footage.containers import open_footage
from footage.errors import MediaError

PREVIEW_HEIGHT = 360
PREVIEW_MAX_FPS = 30
POSTER_WIDTH = 1280


MAX_PIXELS = 7680 * 4320
HEARTBEAT_SECONDS = 15  # render_preview reports progress at least this often


@dataclass(frozen=True)
class Probe:
    duration: float  # seconds
    width: int
    height: int
    frame_rate: Fraction | None
    video_codec: str
    audio_codec: str | None
    rotation: int = 0  # degrees clockwise the stored picture is turned to be shown upright

    @property
    def duration_seconds(self) -> int:
        """Whole seconds, rounded, never 0 for footage that has any length."""
        return max(1, round(self.duration))


def probe(path: str) -> Probe:
    """What the file holds. The size is the picture as it is shown: a phone's portrait clip,
    stored on its side with a display matrix that turns it, is taller than wide. Raises
    MediaError for anything that is not playable video in an allowed container
    (footage.containers)."""
    with open_footage(str(path)) as container:
        video = next(iter(container.streams.video), None)
        if video is None:
            raise MediaError("This file holds no video stream.")
        if video.codec_context is None or not video.codec_context.name:
            raise MediaError("This video's codec is not supported.")
        duration = _duration(container, video)
        if not duration or duration <= 0:
            raise MediaError("This video has no length (it may be empty or cut short).")
        width, height = video.codec_context.width, video.codec_context.height
        if not width or not height:
            raise MediaError("This video has no picture size.")
        if width * height > MAX_PIXELS:
            raise MediaError(
                f"The picture is {width}×{height}; masters may be at most 8K (7680×4320)."
            )
        turn = display_turn(_first_frame(container, video))
        if turn in (90, 270):
            width, height = height, width
        audio = next(iter(container.streams.audio), None)
        rate = video.average_rate or video.guessed_rate
        return Probe(
            duration=duration,
            width=width,
            height=height,
            frame_rate=Fraction(rate) if rate else None,
            video_codec=video.codec_context.name,
            audio_codec=audio.codec_context.name if audio is not None else None,
            rotation=turn,
        )


def display_turn(frame) -> int:
    """How far (0, 90, 180, 270 degrees clockwise) a decoded frame is turned to be shown: its
    display matrix (MP4/MOV's track matrix, a phone's "rotate") says so. FFmpeg reports the
    matrix's angle counter-clockwise."""
    return round(-(frame.rotation or 0) / 90) % 4 * 90


def _duration(container, video) -> float | None:
    if video.duration is not None and video.time_base:
        return float(video.duration * video.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


def _first_frame(container, video):
    """Decode one frame: a file whose header is fine but whose data is not fails here."""
    try:
        for frame in container.decode(video):
            return frame
    except av.error.FFmpegError as error:
        raise MediaError(f"This video cannot be decoded: {error}.") from None
    raise MediaError("This video holds no pictures.")


def poster_frame(path: str, at_fraction: float = 0.1) -> Image.Image:
    """A frame a tenth of the way in (or the first), as an RGB image at most POSTER_WIDTH wide."""
    with open_footage(str(path)) as container:
        video = container.streams.video[0]
        duration = _duration(container, video) or 0
        if duration > 2 and video.time_base:
            target = int(duration * at_fraction / video.time_base)
            container.seek(target, stream=video, any_frame=False, backward=True)
        frame = _first_frame(container, video)
        turn = display_turn(frame)
        width, height = frame.width, frame.height
        if width > POSTER_WIDTH:  # scale in FFmpeg before Python ever holds the full picture
            width, height = POSTER_WIDTH, max(2, round(height * POSTER_WIDTH / width))
        return upright(frame.reformat(width=width, height=height, format="rgb24").to_image(), turn)


# PIL turns counter-clockwise; a display turn is clockwise.
_TURNS = {
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


def upright(image: Image.Image, turn: int) -> Image.Image:
    """The picture as it is shown: turned `turn` degrees clockwise (display_turn)."""
    return image.transpose(_TURNS[turn]) if turn in _TURNS else image


def jpeg_bytes(image: Image.Image, size: tuple[int, int] | None = None) -> bytes:
    if size is not None:
        image = cover_crop(image, size)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def cover_crop(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Scale and centre-crop to exactly `size`."""
    width, height = size
    scale = max(width / image.width, height / image.height)
    resized = image.resize(
        (math.ceil(image.width * scale), math.ceil(image.height * scale)), Image.LANCZOS
    )
    left, top = (resized.width - width) // 2, (resized.height - height) // 2
    return resized.crop((left, top, left + width, top + height))


def preview_size(width: int, height: int) -> tuple[int, int]:
    """360 lines high, the source's shape, both sides even (H.264 wants even sizes)."""
    out_height = min(PREVIEW_HEIGHT, height - height % 2) or 2
    out_width = round(width * out_height / height)
    return out_width - out_width % 2 or 2, out_height


@cache
def watermark(size: tuple[int, int], text: str) -> tuple[Image.Image, tuple[int, int]]:
    """A translucent banner with `text`, and where it goes (bottom right)."""
    width, height = size
    font = ImageFont.load_default(size=max(12, height // 14))
    left, top, right, bottom = font.getbbox(text)
    pad = max(4, height // 60)
    banner = Image.new("RGBA", (right - left + 2 * pad, bottom - top + 2 * pad), (0, 0, 0, 110))
    ImageDraw.Draw(banner).text((pad - left, pad - top), text, font=font, fill=(255, 255, 255, 215))
    margin = max(6, height // 30)
    return banner, (width - banner.width - margin, height - banner.height - margin)


def render_preview(source: str, target, *, watermark_text: str, progress=None) -> None:
    """Encode `source` to an H.264/AAC MP4 at 360p with the watermark burnt in.

    `target` is a path or a writable binary file. `progress(fraction)` is called every 5% and
    at least every HEARTBEAT_SECONDS, so a caller can tell a live render from a dead one.
    """
    with open_footage(str(source)) as inp:
        video_in = inp.streams.video[0]
        video_in.thread_type = "AUTO"
        audio_in = next(iter(inp.streams.audio), None)
        duration = _duration(inp, video_in) or 1.0
        turn = display_turn(_first_frame(inp, video_in))  # a phone's portrait clip stands up
        inp.seek(0)
        coded = (video_in.codec_context.width, video_in.codec_context.height)
        size = preview_size(*(coded[::-1] if turn in (90, 270) else coded))
        scaled = size[::-1] if turn in (90, 270) else size  # scaled before it is turned
        rate = Fraction(video_in.average_rate or video_in.guessed_rate or 25)
        rate = min(rate, Fraction(PREVIEW_MAX_FPS))
        banner, place = watermark(size, watermark_text)
        with av.open(target, mode="w", format="mp4") as out:
            video_out = out.add_stream("libx264", rate=rate)
            video_out.width, video_out.height = size
            video_out.pix_fmt = "yuv420p"
            video_out.options = {"preset": "veryfast", "crf": "28", "movflags": "+faststart"}
            video_out.codec_context.thread_type = "AUTO"
            audio_out = None
            if audio_in is not None:
                audio_out = out.add_stream("aac", rate=44100)
                audio_out.layout = "stereo"
                resampler = av.AudioResampler(format="fltp", layout="stereo", rate=44100)
            streams = [video_in] + ([audio_in] if audio_in is not None else [])
            next_report, frame_index = 0.0, 0
            next_beat = time.monotonic() + HEARTBEAT_SECONDS
            min_gap = 1 / float(rate)
            last_time = -math.inf
            for packet in inp.demux(*streams):
                for frame in packet.decode():
                    if packet.stream is video_in:
                        moment = float(frame.time) if frame.time is not None else last_time
                        if moment - last_time < min_gap * 0.999:
                            continue  # drop frames above the preview's frame rate
                        last_time = moment
                        picture = frame.reformat(width=scaled[0], height=scaled[1], format="rgb24")
                        image = upright(picture.to_image(), turn)
                        image.paste(banner, place, banner)
                        new = av.VideoFrame.from_image(image)
                        new.pts = frame_index
                        new.time_base = 1 / rate
                        frame_index += 1
                        out.mux(video_out.encode(new))
                        if progress and (
                            moment / duration >= next_report or time.monotonic() >= next_beat
                        ):
                            progress(min(0.99, moment / duration))
                            next_report = max(next_report, moment / duration) + 0.05
                            next_beat = time.monotonic() + HEARTBEAT_SECONDS
                    elif audio_out is not None:
                        frame.pts = None
                        for chunk in resampler.resample(frame):
                            out.mux(audio_out.encode(chunk))
            out.mux(video_out.encode(None))
            if audio_out is not None:
                out.mux(audio_out.encode(None))
    if progress:
        progress(1.0)
