"""Near-duplicate fingerprints: PDQ frame hashes and the vPDQ-style match, on real photographs.

The set (tests/footage/duplicate_set.py) is built once per session: over a hundred distinct
clips, every pair of which must not match, and the variants of the first VARIANT_CLIPS of them,
each of which must match its original (bench/fingerprints.py runs the variants of all).
"""

import numpy as np
import pytest

from footage.errors import MediaError
from footage.evidence import coarse, pdq
from footage.evidence.fingerprints import FrameHashes, fingerprint_file, trim_bars
from footage.evidence.matching import COARSE_MIN_COVERED, DISTANCE, compare
from tests.footage import duplicate_set

DISTINCT_CLIPS = 104
VARIANT_CLIPS = 16


@pytest.fixture(scope="module")
def photos():
    return duplicate_set.photographs()


@pytest.fixture(scope="session")
def duplicates(tmp_path_factory):
    """The set's files, and the fingerprint of each: (originals, {kind: variants})."""
    built = duplicate_set.build(
        tmp_path_factory.mktemp("duplicates"), DISTINCT_CLIPS, with_variants=VARIANT_CLIPS
    )
    originals = [fingerprint_file(path) for path in built.originals]
    variants = {
        kind: [fingerprint_file(path) for path in paths] for kind, paths in built.variants.items()
    }
    return originals, variants


def test_pdq_of_a_photograph_itself_a_recompressed_copy_and_another(photos):
    astronaut = photos["astronaut"]
    copy = duplicate_set.resized(astronaut, 300, 300)
    copy = (copy // 8 * 8).astype(np.uint8)  # fewer levels, as a harsh encoder leaves them
    itself, again, other = (
        pdq.hash_image(astronaut), pdq.hash_image(copy), pdq.hash_image(photos["coffee"])
    )  # fmt: skip
    assert len(itself.hash) == pdq.HASH_BYTES
    assert pdq.distance(itself.hash, pdq.hash_image(astronaut).hash) == 0
    assert pdq.distance(itself.hash, again.hash) <= 16
    assert 96 <= pdq.distance(itself.hash, other.hash) <= 160
    assert itself.quality == 100
    assert pdq.hash_image(np.zeros((100, 100), dtype=np.uint8)).quality == 0


def test_pdq_bits_are_the_reference_layout():
    """Exactly 128 of the 256 bits are set (the median threshold), and a 64x64 input is hashed
    as it is, as the reference does."""
    rng = np.random.default_rng(7)
    image = rng.integers(0, 256, size=(64, 64)).astype(np.float64)
    result = pdq.hash_luminance(image)
    assert np.unpackbits(np.frombuffer(result.hash, dtype=np.uint8)).sum() == 128
    assert len(result.hex) == 64


def test_the_mirrored_hash_is_the_hash_of_the_flipped_picture(photos):
    for name in ("astronaut", "coffee", "camera"):
        image = photos[name][:, :480]  # even window sizes, where the filter is symmetric
        flipped = pdq.hash_image(np.ascontiguousarray(image[:, ::-1])).hash
        assert pdq.distance(pdq.hash_image(image).mirrored, flipped) <= 24
        assert pdq.distance(pdq.hash_image(image).hash, flipped) >= 64


def test_distances_are_a_matrix_of_hamming_distances():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 256, size=(5, 32), dtype=np.uint8)
    b = rng.integers(0, 256, size=(3, 32), dtype=np.uint8)
    expected = [[int(np.unpackbits(x ^ y).sum()) for y in b] for x in a]
    assert pdq.distances(a, b).tolist() == expected


def test_black_bars_are_trimmed_before_hashing(photos):
    picture = pdq.luminance(photos["coffee"])
    rows, cols = picture.shape
    letterbox = np.zeros((rows * 2, cols))
    letterbox[rows // 2 : rows // 2 + rows] = picture
    pillarbox = np.full((rows, cols * 2), 8.0)  # near-black, as an encoder leaves it
    pillarbox[:, cols // 2 : cols // 2 + cols] = picture
    assert trim_bars(letterbox).shape == picture.shape
    assert trim_bars(pillarbox).shape == picture.shape
    original = pdq.hash_luminance(picture).hash
    assert pdq.distance(pdq.hash_luminance(trim_bars(letterbox)).hash, original) == 0
    assert pdq.distance(pdq.hash_luminance(letterbox).hash, original) > DISTANCE
    dark = np.full((rows, cols), 10.0)
    assert trim_bars(dark).shape == dark.shape  # a black frame stays whole: quality drops it


def test_a_clip_is_hashed_about_once_a_second(duplicates):
    originals, variants = duplicates
    clip = originals[0]
    assert isinstance(clip, FrameHashes)
    assert clip.times == [float(second) for second in range(duplicate_set.SECONDS)]
    assert clip.duration == duplicate_set.SECONDS
    assert len(clip) == len(clip.times) and len(clip.mirrored) == len(clip.hashes)
    assert len(clip.coarse) == len(clip) * coarse.BYTES
    assert variants["subclip"][0].times == [0.0, 1.0, 2.0]


def test_a_file_that_is_not_video_is_refused(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("not a video")
    with pytest.raises(MediaError):
        fingerprint_file(path)


@pytest.mark.parametrize("kind", ["reencode", "letterbox", "pillarbox"])
def test_every_copy_is_found_covering_all_of_its_original(duplicates, kind):
    originals, variants = duplicates
    assert len(variants[kind]) == VARIANT_CLIPS
    for copy, original in zip(variants[kind], originals, strict=False):
        match = compare(copy.hashes, original.hashes, a_mirrored=copy.mirrored)
        assert match is not None, kind
        assert not match.mirrored
        assert min(match.a_covered, match.b_covered) >= 0.5
        assert match.similarity >= 0.75


def test_every_sub_clip_is_found_and_told_from_its_longer_original(duplicates):
    """The sub-clip is covered wholly, the original about 20%: more when the camera barely
    moves, since then the original's other seconds are within DISTANCE of the sub-clip too."""
    originals, variants = duplicates
    original_covered = []
    for part, original in zip(variants["subclip"], originals, strict=False):
        match = compare(part.hashes, original.hashes)
        assert match is not None
        assert match.a_covered == 1.0  # all of the sub-clip is in the original
        assert match.b_covered < match.a_covered
        original_covered.append(match.b_covered)
        reverse = compare(original.hashes, part.hashes)
        assert (reverse.a_covered, reverse.b_covered) == (match.b_covered, match.a_covered)
    assert np.median(original_covered) <= 0.5


def test_mirrored_copies_are_found_through_the_mirrored_hashes(duplicates):
    originals, variants = duplicates
    for copy, original in zip(variants["mirror"], originals, strict=False):
        assert compare(copy.hashes, original.hashes) is None  # as they are, no match
        match = compare(copy.hashes, original.hashes, a_mirrored=copy.mirrored)
        assert match is not None and match.mirrored
        assert match.a_covered >= 0.8


def test_a_ten_percent_crop_is_beyond_pdq_and_found_by_the_coarse_signature(duplicates):
    """PDQ's 16x16 DCT bits follow the picture's position to about 1%, so cutting 10% off the
    sides (unevenly) moves them to near chance; the coarse signature, matched in time order,
    finds the cropped copy (docs/verification.md: 108 of 118 on the full set, all
    of the first VARIANT_CLIPS)."""
    originals, variants = duplicates
    by_pdq = [
        compare(copy.hashes, original.hashes, a_mirrored=copy.mirrored) is not None
        for copy, original in zip(variants["crop"], originals, strict=False)
    ]
    assert sum(by_pdq) <= len(by_pdq) // 4
    for copy, original in zip(variants["crop"], originals, strict=False):
        assert len(copy.coarse) == len(copy) * coarse.BYTES
        match = _compare(copy, original)
        assert match is not None and match.coarse
        assert min(match.a_covered, match.b_covered) >= COARSE_MIN_COVERED


def _compare(a: FrameHashes, b: FrameHashes):
    """Both signatures, as the duplicate search is to compare clips."""
    return compare(a.hashes, b.hashes, a_mirrored=a.mirrored, a_coarse=a.coarse, b_coarse=b.coarse)


def test_no_two_distinct_clips_match(duplicates):
    originals, _variants = duplicates
    assert len(originals) >= 100
    every_frame = np.concatenate([pdq.as_array(clip.hashes) for clip in originals])
    owner = np.repeat(np.arange(len(originals)), [len(clip) for clip in originals])
    nearest = pdq.distances(every_frame, every_frame)
    nearest[owner[:, None] == owner[None, :]] = 256
    assert nearest.min() > DISTANCE  # not a single frame in common, let alone a clip
    for i, clip in enumerate(originals):
        for other in originals[i + 1 :]:
            assert _compare(clip, other) is None


def test_no_variant_matches_another_clip(duplicates):
    originals, variants = duplicates
    for copies in variants.values():
        for index, copy in enumerate(copies):
            for other, original in enumerate(originals):
                if other != index:
                    assert _compare(copy, original) is None


def test_a_stretch_taken_into_a_longer_clip_is_a_match_though_neither_is_half_covered():
    from footage.evidence.matching import SHARED_FRAMES

    rng = np.random.default_rng(23)
    original = rng.integers(0, 256, (60, 32), dtype=np.uint8)
    fresh = rng.integers(0, 256, (100, 32), dtype=np.uint8)
    compilation = np.concatenate([fresh[:50], original[10:30], fresh[50:]])
    match = compare(compilation.tobytes(), original.tobytes())
    assert match is not None
    assert match.a_covered == pytest.approx(20 / 120, abs=0.01)
    assert match.b_covered == pytest.approx(20 / 60, abs=0.01)
    too_short = np.concatenate([fresh, original[10 : 10 + SHARED_FRAMES - 1]])
    assert compare(too_short.tobytes(), original.tobytes()) is None
