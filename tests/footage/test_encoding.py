"""footage.encoding's pure functions, on pictures and clips the tests make."""

import io
from fractions import Fraction

import av
import pytest
from PIL import Image, ImageStat

from devdata.videos import synthetic_video
from footage import encoding
from footage.encoding import MediaError, Probe
from tests.footage.phone import phone_master


@pytest.fixture
def clip(tmp_path):
    def make(seconds, **options):
        path = tmp_path / f"clip-{seconds}-{len(options)}.mp4"
        synthetic_video(seconds, target=str(path), **options)
        return str(path)

    return make


def test_the_duration_is_read_from_the_file(clip):
    found = encoding.probe(clip(7, width=96, height=54, fps=5))
    assert found.duration == pytest.approx(7.0, abs=0.05)
    assert (found.duration_seconds, found.width, found.height) == (7, 96, 54)
    assert found.frame_rate == Fraction(5) and found.video_codec == "h264"
    assert found.audio_codec is None


@pytest.mark.parametrize(("seconds", "whole"), [(0.2, 1), (1.49, 1), (1.5, 2), (110.6, 111)])
def test_whole_seconds_round_and_never_reach_zero(seconds, whole):
    probe = Probe(seconds, 64, 36, None, "h264", None)
    assert probe.duration_seconds == whole


def test_the_poster_frame_is_a_picture_no_wider_than_the_poster_width(clip):
    wide = encoding.poster_frame(clip(3, width=1920, height=1080, fps=2))
    assert wide.size == (encoding.POSTER_WIDTH, 720) and wide.mode == "RGB"
    small = encoding.poster_frame(clip(3, width=64, height=36))
    assert small.size == (64, 36)


def test_probing_something_that_is_not_video_is_a_media_error(tmp_path):
    notes = tmp_path / "notes.mp4"
    notes.write_bytes(b"not a video" * 100)
    with pytest.raises(MediaError):
        encoding.probe(str(notes))


def test_the_thumbnail_crop_fills_the_size_exactly_from_the_centre():
    # A wide picture: red outer thirds, a blue middle third. The crop keeps the middle.
    picture = Image.new("RGB", (900, 100), "red")
    picture.paste(Image.new("RGB", (300, 100), "blue"), (300, 0))
    cropped = encoding.cover_crop(picture, (160, 90))
    assert cropped.size == (160, 90)
    assert cropped.getpixel((80, 45)) == (0, 0, 255)
    assert cropped.getpixel((2, 45))[2] > 200  # still blue at the edge: the sides were cut


def test_the_thumbnail_crop_scales_a_tall_picture_to_the_width():
    tall = Image.new("RGB", (90, 400), "green")
    assert encoding.cover_crop(tall, (320, 180)).size == (320, 180)


def test_jpeg_bytes_are_a_jpeg_of_the_asked_size():
    data = encoding.jpeg_bytes(Image.new("RGBA", (500, 300), (10, 20, 30, 255)), (160, 90))
    decoded = Image.open(io.BytesIO(data))
    assert (decoded.format, decoded.size, decoded.mode) == ("JPEG", (160, 90), "RGB")


@pytest.mark.parametrize(
    ("source", "preview"),
    [
        ((1920, 1080), (640, 360)),  # HD down to 360 lines
        ((1080, 1920), (202, 360)),  # portrait keeps its shape
        ((320, 180), (320, 180)),  # never upscaled
        ((641, 361), (638, 360)),  # both sides even for H.264
        ((3, 3), (2, 2)),  # the smallest picture still has a size
    ],
)
def test_preview_geometry_is_360_lines_at_most_in_the_sources_shape(source, preview):
    assert encoding.preview_size(*source) == preview


def test_the_watermark_sits_inside_the_picture_bottom_right():
    banner, (left, top) = encoding.watermark((640, 360), "Clipwire")
    assert left > 320 and top > 180
    assert left + banner.width < 640 and top + banner.height < 360


def test_a_phone_masters_poster_and_preview_stand_upright(tmp_path):
    """Stored on its side (bright top half, shown turned clockwise: bright right half)."""
    master = phone_master(tmp_path / "phone.mp4", seconds=1, width=320, height=180)

    poster = encoding.poster_frame(str(master))
    assert poster.size == (180, 320)
    left, right = poster.crop((0, 0, 90, 320)), poster.crop((90, 0, 180, 320))
    assert ImageStat.Stat(right.convert("L")).mean[0] > ImageStat.Stat(left.convert("L")).mean[0]

    preview = tmp_path / "preview.mp4"
    encoding.render_preview(str(master), str(preview), watermark_text="Clipwire")
    shown = encoding.probe(str(preview))
    assert (shown.width, shown.height, shown.rotation) == (180, 320, 0)
    with av.open(str(preview)) as container:
        frame = next(container.decode(video=0)).to_image().convert("L")
    assert ImageStat.Stat(frame.crop((90, 0, 180, 200))).mean[0] > 128
    assert ImageStat.Stat(frame.crop((0, 0, 90, 200))).mean[0] < 128
