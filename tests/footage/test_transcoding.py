"""Each delivery format as a newsroom's systems would read it: every output probed back with
PyAV (codec, profile, pixel format, size, a constant frame rate frame by frame, length, sound,
container), from tiny masters; a phone's sideways variable-rate master comes out upright at
a constant rate."""

import itertools
import math
import struct
from fractions import Fraction
from pathlib import Path

import av
import pytest

from catalog.formats import PROFILES, Offer, offers_for
from devdata.videos import synthetic_video
from footage import transcoding
from footage.encoding import probe
from footage.errors import MediaError
from footage.transcoding import transcode
from tests.footage.phone import phone_master


def read_back(path: Path) -> dict:
    """What a newsroom's ingest would see in the file."""
    with av.open(str(path)) as container:
        kind = container.format.name
        video = container.streams.video[0]
        rate = Fraction(video.average_rate)
        picture = (video.codec_context.name, video.profile, video.codec_context.pix_fmt)
        frames = list(container.decode(video))
        seconds = [float(f.pts * f.time_base) for f in frames]
        steps = {round(b - a, 6) for a, b in itertools.pairwise(seconds)}
    with av.open(str(path)) as container:
        audio = container.streams.audio[0]
        samples = sum(f.samples for f in container.decode(audio))
        sound = (audio.codec_context.name, audio.rate, audio.codec_context.channels)
        # Its length as the file declares it (an AAC track's edit list leaves out the
        # encoder's priming and the last frame's padding), else as decoded.
        declared = audio.duration * audio.time_base if audio.duration else None
    sound_seconds = float(declared) if declared else samples / sound[1]
    return {
        "container": kind,
        "codec": picture[0],
        "profile": picture[1],
        "pix_fmt": picture[2],
        "size": (frames[0].width, frames[0].height),
        "rate": rate,
        "steps": steps,
        "duration": len(frames) / rate,
        "sound": sound,
        "sound_seconds": sound_seconds,
        "rotation": frames[0].rotation,
        "first": frames[0],
    }


def offer_of(master: Path, code: str) -> Offer:
    found = probe(str(master))
    return next(
        o for o in offers_for(found.width, found.height, found.frame_rate) if o.code == code
    )


def assert_constant_and_in_step(out: dict, rate: Fraction, master_seconds: float):
    frame = 1 / float(rate)
    assert out["rate"] == rate
    assert out["steps"] == {round(frame, 6)}  # every frame one period after the last
    assert abs(float(out["duration"]) - master_seconds) <= frame
    assert abs(out["sound_seconds"] - float(out["duration"])) <= frame


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("masters") / "small.mp4"
    synthetic_video(
        2, width=320, height=180, fps=25, audio=True, preset="ultrafast", target=str(path)
    )
    return path


@pytest.fixture(scope="module")
def full_hd(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("masters") / "full-hd.mp4"
    synthetic_video(
        2, width=1920, height=1080, fps=25, audio=True, preset="ultrafast", target=str(path)
    )
    return path


@pytest.mark.parametrize(
    "code, container, codec, profile, pix_fmt, sound",
    [
        ("h264-web", "mov,mp4,m4a,3gp,3g2,mj2", "h264", "High", "yuv420p", "aac"),
        ("prores-hq", "mov,mp4,m4a,3gp,3g2,mj2", "prores", "HQ", "yuv422p10le", "pcm_s16le"),
    ],
)
def test_a_small_master_in_each_format(
    small, tmp_path, code, container, codec, profile, pix_fmt, sound
):
    offer = offer_of(small, code)
    target = tmp_path / f"out{PROFILES[code].suffix}"
    made = transcode(small, target, offer)
    out = read_back(target)
    assert (out["container"], out["codec"], out["profile"], out["pix_fmt"]) == (
        container,
        codec,
        profile,
        pix_fmt,
    )
    assert out["size"] == (320, 180) == (made.width, made.height)  # never upscaled
    assert out["sound"] == (sound, 48000, 2)
    assert_constant_and_in_step(out, Fraction(25), 2.0)
    assert made.frames == 50 and made.frame_rate == 25


def test_the_web_file_starts_playing_before_it_is_all_downloaded(small, tmp_path):
    target = tmp_path / "web.mp4"
    transcode(small, target, offer_of(small, "h264-web"))
    data = target.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # the index first (faststart)


def test_full_hd_in_h264_hd_and_xdcam(full_hd, tmp_path):
    hd = tmp_path / "hd.mp4"
    transcode(full_hd, hd, offer_of(full_hd, "h264-hd"))
    out = read_back(hd)
    assert (out["codec"], out["profile"], out["pix_fmt"], out["size"]) == (
        "h264",
        "High",
        "yuv420p",
        (1920, 1080),
    )
    assert_constant_and_in_step(out, Fraction(25), 2.0)

    xdcam = tmp_path / "xdcam.mxf"
    transcode(full_hd, xdcam, offer_of(full_hd, "xdcam-hd422"))
    out = read_back(xdcam)
    assert (out["container"], out["codec"], out["profile"], out["pix_fmt"], out["size"]) == (
        "mxf",
        "mpeg2video",
        "4:2:2",
        "yuv422p",
        (1920, 1080),
    )
    assert out["sound"] == ("pcm_s24le", 48000, 2)
    assert_constant_and_in_step(out, Fraction(25), 2.0)
    with av.open(str(xdcam)) as container:
        packets = [p for p in container.demux(video=0) if p.size]
    keys = [i for i, p in enumerate(packets) if p.is_keyframe]
    assert keys == list(range(0, 50, 12))  # a GOP of 12
    megabits = sum(p.size for p in packets) * 8 / 2 / 1e6
    assert 45 <= megabits <= 51  # 50 Mb/s constant


def test_xdcam_pads_a_master_that_is_not_16_9_and_never_upscales(tmp_path):
    master = tmp_path / "wide.mp4"
    synthetic_video(
        1, width=1920, height=1200, fps=25, audio=True, preset="ultrafast", target=str(master)
    )
    target = tmp_path / "xdcam.mxf"
    made = transcode(master, target, offer_of(master, "xdcam-hd422"))
    out = read_back(target)
    assert out["size"] == (1920, 1080) == (made.width, made.height)
    luma = out["first"].to_ndarray(format="gray")
    # 1920x1200 fitted in 1080 lines is 1728 wide: 96 black columns each side.
    assert luma[:, :90].max() <= 20 and luma[:, -90:].max() <= 20
    assert luma[:, 100:-100].mean() > 40


def test_h264_4k_encodes_with_its_settings(small, tmp_path):
    offer = Offer(PROFILES["h264-4k"], 320, 180, Fraction(25), "4k")  # a tiny stand-in
    target = tmp_path / "4k.mp4"
    transcode(small, target, offer)
    out = read_back(target)
    assert (out["codec"], out["pix_fmt"], out["sound"][0]) == ("h264", "yuv420p", "aac")
    assert_constant_and_in_step(out, Fraction(25), 2.0)


def test_a_phone_master_comes_out_upright_at_a_constant_rate(tmp_path):
    master = phone_master(tmp_path / "phone.mp4")
    with av.open(str(master)) as container:  # the master is what a phone writes
        frames = list(container.decode(video=0))
    assert frames[0].rotation == -90 and (frames[0].width, frames[0].height) == (320, 180)
    gaps = {b.pts - a.pts for a, b in itertools.pairwise(frames)}
    assert len(gaps) > 3  # a variable frame rate
    found = probe(str(master))
    assert (found.width, found.height, found.rotation) == (180, 320, 90)  # stored upright

    for code in ("h264-web", "prores-hq"):
        target = tmp_path / f"out{PROFILES[code].suffix}"
        transcode(master, target, offer_of(master, code))
        out = read_back(target)
        assert out["size"] == (180, 320) and out["rotation"] == 0
        assert_constant_and_in_step(out, Fraction(30), found.duration)
        luma = out["first"].to_ndarray(format="gray")
        assert luma[:, 100:].mean() > 200 and luma[:, :80].mean() < 40  # the top is now right


def test_a_row_sized_before_rotation_was_read_still_comes_out_upright(tmp_path):
    master = phone_master(tmp_path / "phone.mp4")
    offer = Offer(PROFILES["h264-web"], 320, 180, Fraction(30), "web")  # the coded size
    made = transcode(master, tmp_path / "out.mp4", offer)
    assert (made.width, made.height) == (180, 320)


def test_late_sound_stays_in_step_with_the_picture(tmp_path):
    master = tmp_path / "late.mp4"
    with av.open(str(master), "w") as out:
        video = out.add_stream("libx264", rate=25)
        video.width, video.height, video.pix_fmt = 64, 36, "yuv420p"
        sound = out.add_stream("aac", rate=48000)
        sound.layout = "mono"
        for index in range(50):
            frame = av.VideoFrame(64, 36, "yuv420p")
            frame.pts = index
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        for start in range(24000, 3 * 48000, 1024):  # from 0.5 s to 3 s: late and too long
            frame = av.AudioFrame(format="s16", layout="mono", samples=1024)
            tone = (round(8000 * math.sin(i / 5)) for i in range(1024))
            frame.planes[0].update(struct.pack("<1024h", *tone))
            frame.sample_rate, frame.pts = 48000, start
            out.mux(sound.encode(frame))
        out.mux(sound.encode(None))
    target = tmp_path / "out.mov"
    transcode(master, target, offer_of(master, "prores-hq"))
    out = read_back(target)
    assert_constant_and_in_step(out, Fraction(25), 2.0)
    with av.open(str(target)) as container:
        pcm = b"".join(bytes(f.planes[0]) for f in container.decode(audio=0))
    levels = struct.unpack(f"<{len(pcm) // 2}h", pcm)[::2]  # the left channel
    assert max(map(abs, levels[: int(0.45 * 48000)])) < 50  # silence until the sound starts
    assert max(map(abs, levels[int(0.55 * 48000) :])) > 4000


def test_a_master_without_sound_gets_a_silent_track(tmp_path):
    master = tmp_path / "mute.mp4"
    synthetic_video(2, width=64, height=36, fps=25, target=str(master))
    target = tmp_path / "out.mp4"
    transcode(master, target, offer_of(master, "h264-web"))
    out = read_back(target)
    assert out["sound"] == ("aac", 48000, 2)
    assert_constant_and_in_step(out, Fraction(25), 2.0)


def test_progress_beats_while_it_works(small, tmp_path, monkeypatch):
    monkeypatch.setattr(transcoding, "HEARTBEAT_SECONDS", 0)
    beats = []
    transcode(small, tmp_path / "out.mp4", offer_of(small, "h264-web"), progress=beats.append)
    assert len(beats) >= 40  # about one per frame when a beat is due every time
    assert beats == sorted(beats) and beats[-1] == 1.0


def test_a_file_that_is_not_video_is_refused_in_words(tmp_path, small):
    notes = tmp_path / "notes.mp4"
    notes.write_bytes(b"not a video at all" * 100)
    with pytest.raises(MediaError) as refused:
        transcode(notes, tmp_path / "out.mp4", offer_of(small, "h264-web"))
    assert "not a video" in str(refused.value)
    assert not (tmp_path / "out.mp4").exists()
