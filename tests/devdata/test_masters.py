"""Demo masters (devdata.masters): the size, rate, length and sound a clip says, made quickly,
and each clip's picture its own."""

import json
from fractions import Fraction
from itertools import combinations
from pathlib import Path

import av
import numpy as np
import pytest
from django.conf import settings

from devdata.demo_masters import master_spec
from devdata.masters import AUDIO_RATE, MasterSpec, cached_master, make_master
from devdata.pictures import Canvas
from footage.encoding import probe
from footage.evidence import pdq
from footage.evidence.fingerprints import HASH_SIDE, trim_bars
from footage.evidence.matching import DISTANCE
from footage.services import picture_fields

DEMO = Path(settings.BASE_DIR) / "demo"
NTSC = Fraction(30000, 1001)


def frames_of(path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray() for frame in container.decode(video=0)]


@pytest.mark.parametrize(
    ("width", "height", "rate", "seconds"),
    [(1080, 1920, Fraction(30), 2), (640, 360, NTSC, 3), (320, 180, Fraction(50), 2)],
)
def test_a_master_holds_the_size_rate_length_and_sound_it_is_made_for(
    tmp_path, width, height, rate, seconds
):
    spec = MasterSpec("demo1234abcd", width, height, rate, seconds)
    path = tmp_path / "master.mp4"
    make_master(spec, path)

    found = probe(str(path))
    fields = picture_fields(found)
    assert (fields["width"], fields["height"], fields["duration_seconds"]) == (
        width,
        height,
        seconds,
    )
    assert float(fields["frame_rate"]) == pytest.approx(float(rate), abs=0.001)
    assert (found.video_codec, found.audio_codec) == ("h264", "aac")
    with av.open(str(path)) as container:
        video, sound = container.streams.video[0], container.streams.audio[0]
        assert video.frames == spec.frames == round(seconds * rate)
        assert (sound.channels, sound.sample_rate) == (2, AUDIO_RATE)
        heard = sum(frame.samples for frame in container.decode(sound))
    assert abs(heard - spec.frames / rate * AUDIO_RATE) <= 1024  # within one AAC frame


def test_the_quick_way_decodes_exactly_as_encoding_every_frame(tmp_path):
    """Only the first second and a key frame a second are encoded; the file decodes to the
    very pixels of one whose every frame was encoded, and those are the drawn pictures."""
    spec = MasterSpec("demo1234abcd", 640, 360, Fraction(25), 3)
    make_master(spec, tmp_path / "quick.mp4")
    make_master(spec, tmp_path / "every.mp4", every_frame=True)

    quick, every = frames_of(tmp_path / "quick.mp4"), frames_of(tmp_path / "every.mp4")
    assert len(quick) == len(every) == 75
    assert all(np.array_equal(a, b) for a, b in zip(quick, every, strict=True))

    canvas = Canvas(640, 360, Fraction(25), spec.variant, spec.public_id)
    planes = canvas.y.copy(), canvas.u.copy(), canvas.v.copy()
    for number in (0, 13, 25, 62):  # the time and the frame counter are burnt in
        second, index = divmod(number, 25)
        canvas.frame(second, index, planes)
        drawn = np.concatenate([plane.ravel() for plane in planes]).reshape(540, 640)
        assert np.abs(quick[number].astype(int) - drawn).mean() < 2
    assert not np.array_equal(quick[25][canvas.band_top :], quick[0][canvas.band_top :])


def demo_specs() -> list[MasterSpec]:
    reference = json.loads((DEMO / "clip.json").read_text(encoding="utf-8"))
    catalog = json.loads((DEMO / "catalog.json").read_text(encoding="utf-8"))
    extra = catalog["reference"]
    rows = [*catalog["assets"], {**extra, "duration": reference["duration"]}]
    return [master_spec(row) for row in rows]


def test_every_demo_clip_has_a_spec_and_the_catalogue_covers_every_tier():
    specs = demo_specs()
    assert None not in specs and len(specs) == 37
    assert {(s.width, s.height) for s in specs} >= {(3840, 2160), (1080, 1920), (1280, 720)}
    assert NTSC in {s.frame_rate for s in specs}


def picture_hashes(spec: MasterSpec) -> pdq.PDQHash:
    """The PDQ hash the duplicate search takes of the clip's first frame."""
    canvas = Canvas(spec.width, spec.height, spec.frame_rate, spec.variant, spec.public_id)
    planes = canvas.y.copy(), canvas.u.copy(), canvas.v.copy()
    canvas.frame(0, 0, planes)
    stacked = np.concatenate([plane.ravel() for plane in planes])
    frame = av.VideoFrame.from_ndarray(
        stacked.reshape(spec.height * 3 // 2, spec.width), format="yuv420p"
    )
    scale = HASH_SIDE / max(spec.width, spec.height)
    rgb = frame.reformat(
        width=round(spec.width * scale), height=round(spec.height * scale), format="rgb24"
    ).to_ndarray()
    return pdq.hash_luminance(trim_bars(pdq.luminance(rgb)))


def test_no_two_demo_clips_look_alike_to_the_duplicate_search():
    hashes = {spec.public_id: picture_hashes(spec) for spec in demo_specs()}
    assert all(h.quality >= pdq.QUALITY_MIN for h in hashes.values())
    closest = min(
        min(pdq.distance(a.hash, b.hash), pdq.distance(a.mirrored, b.hash))
        for a, b in combinations(hashes.values(), 2)
    )
    assert closest > DISTANCE


def test_the_cache_makes_a_master_once_and_leaves_no_part_behind(tmp_path):
    spec = MasterSpec("demo1234abcd", 320, 180, Fraction(25), 1)
    path, made = cached_master(spec, tmp_path / "cache")
    assert made and path.name == "demo1234abcd-320x180-25fps-1s-v1.mp4"
    written = path.stat().st_mtime_ns
    again, made = cached_master(spec, tmp_path / "cache")
    assert (again, made) == (path, False)
    assert path.stat().st_mtime_ns == written
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [path.name]


def test_a_picture_of_odd_sides_is_refused_and_nothing_is_cached(tmp_path):
    spec = MasterSpec("demo1234abcd", 321, 180, Fraction(25), 1)
    with pytest.raises(ValueError, match="even sides"):
        cached_master(spec, tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []
