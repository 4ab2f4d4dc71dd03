"""The near-duplicate index (footage.evidence.index): copies are found through it, unrelated
clips are not, nothing stale is left after a delete or a replaced master, and a search reads
only the candidates, never every fingerprint."""

from collections import namedtuple

import numpy as np
import pytest
from django.db import connection
from django.utils import timezone

from footage.evidence import index
from footage.models import Fingerprint, FingerprintKey
from tests.factories import AssetFactory

Match = namedtuple("Match", "similarity a_covered b_covered mirrored")
REVERSED = np.array([int(f"{i:08b}"[::-1], 2) for i in range(256)], dtype=np.uint8)


def clip(rng, seconds=60, shot=4):
    """Frames of a clip: a fresh random hash at each cut, a few bits changed frame to frame."""
    frames = rng.integers(0, 256, (seconds, 32), dtype=np.uint8)
    for at in range(1, seconds):
        if at % shot:
            frames[at] = frames[at - 1] ^ flips(rng, 1, 3)[0]
    return frames


def flips(rng, count, bits):
    mask = np.zeros((count, 256), dtype=bool)
    for row in mask:
        row[rng.choice(256, bits, replace=False)] = True
    return np.packbits(mask, axis=1)


def noisy(rng, frames, bits):
    return frames ^ flips(rng, len(frames), bits)


def mirror(frames):
    return REVERSED[frames[:, ::-1]]


class Comparisons:
    """A small `compare`: frames match within 31 bits; counts the clips it was given."""

    def __init__(self):
        self.calls = 0

    def __call__(self, a_hashes, b_hashes, a_mirrored=b"", a_coarse=b"", b_coarse=b""):
        self.calls += 1
        b = np.unpackbits(np.frombuffer(b_hashes, np.uint8).reshape(-1, 32), axis=1)
        for hashes, mirrored in ((a_hashes, False), (a_mirrored, True)):
            if not hashes:
                continue
            a = np.unpackbits(np.frombuffer(hashes, np.uint8).reshape(-1, 32), axis=1)
            near = (a[:, None, :] != b[None, :, :]).sum(axis=2) <= 31
            if near.any(axis=1).sum() >= 3:
                shares = near.any(axis=1).mean(), near.any(axis=0).mean()
                return Match(max(shares), *shares, mirrored)
        return None


def stored(frames, asset=None):
    fingerprint = Fingerprint.objects.create(
        asset=asset or AssetFactory(), master_name="masters/x.mp4", made_at=timezone.now(),
        hashes=frames.tobytes(), mirrored=mirror(frames).tobytes(), frames=len(frames),
    )  # fmt: skip
    index.fingerprint_index(fingerprint)
    return fingerprint


def new_clip(frames):
    """A clip being checked, not yet stored."""
    return Fingerprint(hashes=frames.tobytes(), mirrored=mirror(frames).tobytes())


@pytest.fixture
def rng():
    return np.random.default_rng(20240611)


@pytest.fixture
def catalogue(rng, db):
    return [stored(clip(rng, seconds=int(rng.integers(10, 120)))) for _ in range(30)]


def test_keys_fit_a_signed_bigint_and_name_their_band(rng):
    frames = clip(rng, seconds=90)
    every = index.keys_for(frames.tobytes(), indexed_only=False)
    indexed = index.keys_for(frames.tobytes(), indexed_only=True)
    assert indexed <= every
    assert all(-(2**63) <= key < 2**63 for key in every)
    assert {key >> 32 for key in every} == set(range(index.BANDS))
    assert {key & 0xFFFFFFFF for key in every} == {
        int.from_bytes(frame[(7 - band) * 4 : (8 - band) * 4], "big")
        for frame in frames
        for band in range(index.BANDS)
    }


def test_keyframes_are_thinned_to_the_cap_per_minute(rng):
    every_frame_new = rng.integers(0, 256, (120, 32), dtype=np.uint8)
    kept = index.keyframes(index.frame_ints(every_frame_new.tobytes()))
    assert len(kept) == 2 * index.KEYFRAMES_PER_MINUTE
    one_still_shot = np.repeat(every_frame_new[:1], 60, axis=0)
    assert len(index.keyframes(index.frame_ints(one_still_shot.tobytes()))) == 1


def test_flat_frames_are_neither_indexed_nor_looked_up(rng):
    black = np.zeros((20, 32), dtype=np.uint8)
    assert index.keys_for(black.tobytes(), indexed_only=False) == set()
    frames = np.concatenate([black, clip(rng, seconds=20)])
    assert len(index.keys_for(frames.tobytes(), indexed_only=True)) > 0


@pytest.mark.django_db
@pytest.mark.parametrize("bits", [0, 8, 16, 24])
def test_a_noisy_copy_is_found(rng, catalogue, bits):
    original = catalogue[7]
    frames = np.frombuffer(original.hashes, np.uint8).reshape(-1, 32)
    copy = np.concatenate([clip(rng, seconds=30), noisy(rng, frames, bits), clip(rng, 30)])
    found = index.duplicates_search(new_clip(copy), Comparisons())
    assert [asset for asset, _ in found] == [original.asset_id]


@pytest.mark.django_db
def test_a_mirrored_part_is_found(rng, catalogue):
    original = max(catalogue, key=lambda f: f.frames)
    frames = np.frombuffer(original.hashes, np.uint8).reshape(-1, 32)
    part = mirror(noisy(rng, frames[10:40], 12))
    ((asset, match),) = index.duplicates_search(new_clip(part), Comparisons())
    assert asset == original.asset_id and match.mirrored


@pytest.mark.django_db
def test_an_unrelated_clip_is_not(rng, catalogue):
    compare = Comparisons()
    assert index.duplicates_search(new_clip(clip(rng, seconds=120)), compare) == []
    assert compare.calls == 0  # random 32-bit bands: nothing shares a key


@pytest.mark.django_db
def test_a_search_reads_the_candidates_only(rng, catalogue, django_assert_max_num_queries):
    original = catalogue[3]
    frames = np.frombuffer(original.hashes, np.uint8).reshape(-1, 32)
    compare = Comparisons()
    with django_assert_max_num_queries(2):  # the index lookup, then the candidates' hashes
        found = index.duplicates_search(new_clip(noisy(rng, frames, 16)), compare)
    assert [asset for asset, _ in found] == [original.asset_id]
    assert compare.calls == 1 < len(catalogue)


@pytest.mark.django_db
def test_a_stored_clip_is_not_its_own_duplicate(rng, catalogue):
    own = catalogue[5]
    assert index.duplicates_search(own, Comparisons()) == []
    assert index.candidates(own.hashes, own.mirrored, exclude=own.pk) == []
    assert index.candidates(own.hashes, own.mirrored)[0][0] == own.pk


@pytest.mark.django_db
def test_a_deleted_clip_no_longer_matches(rng, catalogue):
    gone = catalogue[9]
    frames = np.frombuffer(gone.hashes, np.uint8).reshape(-1, 32)
    copy = new_clip(noisy(rng, frames, 8))
    assert index.duplicates_search(copy, Comparisons())
    gone.asset.delete()
    assert not FingerprintKey.objects.filter(fingerprint_id=gone.pk).exists()
    assert index.candidates(copy.hashes, copy.mirrored) == []


@pytest.mark.django_db
def test_a_replaced_master_leaves_no_old_keys(rng, catalogue):
    fingerprint = catalogue[11]
    old = np.frombuffer(fingerprint.hashes, np.uint8).reshape(-1, 32).copy()
    old_keys = set(fingerprint.keys.values_list("key", flat=True))
    new = clip(rng, seconds=45)
    fingerprint.hashes, fingerprint.mirrored = new.tobytes(), mirror(new).tobytes()
    fingerprint.frames = len(new)
    fingerprint.save()
    index.fingerprint_index(fingerprint)
    keys = set(fingerprint.keys.values_list("key", flat=True))
    assert keys == index.keys_for(new.tobytes(), indexed_only=True)
    assert not keys & old_keys
    assert index.duplicates_search(new_clip(noisy(rng, old, 8)), Comparisons()) == []
    found = index.duplicates_search(new_clip(noisy(rng, new, 8)), Comparisons())
    assert [asset for asset, _ in found] == [fingerprint.asset_id]


@pytest.mark.django_db
def test_indexing_twice_changes_nothing(rng, catalogue):
    fingerprint = catalogue[0]
    before = sorted(fingerprint.keys.values_list("key", flat=True))
    assert index.fingerprint_index(fingerprint) == len(before)
    assert sorted(fingerprint.keys.values_list("key", flat=True)) == before


@pytest.mark.django_db
def test_many_keys_are_looked_up_in_chunks_with_the_same_answer(rng, catalogue, monkeypatch):
    original = catalogue[4]
    frames = np.frombuffer(original.hashes, np.uint8).reshape(-1, 32)
    copy = new_clip(np.concatenate([noisy(rng, frames, 8), clip(rng, 60)]))
    whole = index.candidates(copy.hashes, copy.mirrored)
    monkeypatch.setattr(connection.features, "max_query_params", 50)
    assert index.candidates(copy.hashes, copy.mirrored) == whole
    assert whole[0][0] == original.pk


@pytest.mark.django_db
def test_candidates_are_ranked_by_shared_keys(rng, catalogue):
    a, b = catalogue[1], catalogue[2]
    frames_a = np.frombuffer(a.hashes, np.uint8).reshape(-1, 32)
    frames_b = np.frombuffer(b.hashes, np.uint8).reshape(-1, 32)
    both = np.concatenate([frames_a, frames_b[:3]])
    ranked = index.candidates(both.tobytes())
    assert [fid for fid, _ in ranked] == [a.pk, b.pk]
    assert ranked[0][1] > ranked[1][1] > 0
    assert index.candidates(both.tobytes(), min_votes=ranked[0][1]) == ranked[:1]
    assert index.candidates(both.tobytes(), limit=1) == ranked[:1]
