"""Near-duplicate fingerprints: recall and precision on the real-photograph test set, and the
time to fingerprint a minute of 1080p footage beside the time to only decode it.

    .venv/bin/python bench/fingerprints.py      # BENCH_CLIPS=130 BENCH_SECONDS=60 by default

The set is tests/footage/duplicate_set.py's, with the variants of every clip. Recall is, per
kind of copy, the share found matching its original; precision counts the matches between
files of different families (distinct clips, and every copy against every other clip). The
1080p clip is a 25 fps camera move over the retina photograph, encoded once with libx264; the
floor is decoding that file with PyAV with the same threading and nothing else.
Figures are printed, not asserted.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLIPS = int(os.environ.get("BENCH_CLIPS", "130"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))


def both(a, b):
    """The match on both signatures (PDQ, its mirror, the coarse one), as the search does."""
    from footage.evidence.matching import compare

    return compare(a.hashes, b.hashes, a_mirrored=a.mirrored, a_coarse=a.coarse, b_coarse=b.coarse)


def quality_figures(folder: Path) -> None:
    """Recall per kind of copy and false matches, comparing the fingerprints pair by pair."""
    from footage.evidence.fingerprints import fingerprint_file
    from tests.footage import duplicate_set

    started = time.perf_counter()
    built = duplicate_set.build(folder, CLIPS)
    originals = [fingerprint_file(path) for path in built.originals]
    variants = {k: [fingerprint_file(p) for p in paths] for k, paths in built.variants.items()}
    count = len(originals)
    print(f"test set: {count} distinct clips x {len(variants)} variants, "
          f"built and fingerprinted in {time.perf_counter() - started:.0f} s")  # fmt: skip
    for kind, copies in variants.items():
        matches = [both(copy, original) for copy, original in zip(copies, originals, strict=True)]
        found = [m for m in matches if m is not None]
        mirrored = sum(m.mirrored for m in found)
        by_pdq = sum(not m.coarse for m in found)
        covered = np.mean([m.b_covered for m in found]) if found else 0
        print(f"  {kind:10s} recall {len(found)}/{count} ({len(found) / count:.1%}), original "
              f"covered {covered:.2f} on average, via mirrored hashes {mirrored}, "
              f"by PDQ {by_pdq}, by the coarse signature only {len(found) - by_pdq}")  # fmt: skip
    false, pairs = 0, 0
    for i, clip in enumerate(originals):
        for other in originals[i + 1 :]:
            pairs += 1
            false += both(clip, other) is not None
    for copies in variants.values():
        for index, copy in enumerate(copies):
            for other, original in enumerate(originals):
                if other != index:
                    pairs += 1
                    found = both(copy, original)
                    false += found is not None
    print(f"  false matches: {false} in {pairs} pairs of different clips")
    through_the_index(originals, variants)


def through_the_index(originals, variants) -> None:
    """The same copies looked up as a new master is: the originals stored and indexed in a
    scratch SQLite database, each copy through index.duplicates_search, then compare."""
    import django
    from django.core.management import call_command

    with tempfile.TemporaryDirectory() as scratch:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/set.sqlite3"
        os.environ.setdefault("DEBUG", "1")
        django.setup()
        from django.utils import timezone

        from catalog.models import ContentPartner, VideoAsset
        from footage.evidence import index
        from footage.evidence.matching import compare
        from footage.models import Fingerprint

        call_command("migrate", verbosity=0)
        partner = ContentPartner.objects.create(name="Bench", slug="bench")
        stored = []
        for number, frames in enumerate(originals):
            asset = VideoAsset.objects.create(
                title=f"Clip {number}", slug=f"clip-{number}", duration_seconds=12, partner=partner
            )
            fingerprint = Fingerprint.objects.create(
                asset=asset, master_name="", made_at=timezone.now(),
                hashes=frames.hashes, mirrored=frames.mirrored, coarse=frames.coarse,
                frames=len(frames),
            )  # fmt: skip
            index.fingerprint_index(fingerprint)
            stored.append(asset.pk)
        print(f"  through the index ({len(stored)} clips stored; copies looked up as new masters):")
        for kind, copies in variants.items():
            found = false = 0
            for copy, original in zip(copies, stored, strict=True):
                query = Fingerprint(hashes=copy.hashes, mirrored=copy.mirrored, coarse=copy.coarse)
                matched = {asset_id for asset_id, _ in index.duplicates_search(query, compare)}
                found += original in matched
                false += len(matched - {original})
            print(f"    {kind:10s} found {found}/{len(copies)}, other clips matched {false}")


def footage_1080p(path: Path) -> Path:
    """SECONDS of 1080p25: a slow pan and zoom over the retina photograph (1411 x 1411)."""
    from fractions import Fraction

    from skimage import data

    picture = Image.fromarray(data.retina())
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 1920, 1080, "yuv420p"
        stream.time_base = Fraction(1, 25)
        stream.options = {"preset": "veryfast", "crf": "20"}
        total = SECONDS * 25
        for index in range(total):
            t = index / total
            width = 900 - 300 * t
            left, top = 200 + 250 * t, 350 + 100 * np.sin(6 * t)
            box = (left, top, left + width, top + width * 9 / 16)
            rgb = np.asarray(picture.resize((1920, 1080), Image.Resampling.BILINEAR, box=box))
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def decode_only(path: Path) -> int:
    from footage.containers import open_footage

    frames = 0
    with open_footage(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for _ in container.decode(stream):
            frames += 1
    return frames


def speed_figures(folder: Path) -> None:
    from footage.evidence.fingerprints import fingerprint_file

    started = time.perf_counter()
    path = footage_1080p(folder / "1080p.mp4")
    print(f"1080p25 footage: {SECONDS} s encoded in {time.perf_counter() - started:.0f} s")
    per_minute = 60 / SECONDS
    for _ in range(2):  # the second round is the one printed: warm caches
        started = time.perf_counter()
        frames = decode_only(path)
        floor = time.perf_counter() - started
        started = time.perf_counter()
        hashes = fingerprint_file(path)
        spent = time.perf_counter() - started
    print(f"  decode only (floor): {floor * per_minute:.1f} s per minute ({frames} frames)")
    print(f"  fingerprint_file:    {spent * per_minute:.1f} s per minute "
          f"({len(hashes)} frames hashed, {spent / floor:.2f}x the floor)")  # fmt: skip


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    print(f"{os.cpu_count()} CPUs, PyAV {av.__version__}, numpy {np.__version__}")
    with tempfile.TemporaryDirectory() as scratch:
        quality_figures(Path(scratch) / "set")
        speed_figures(Path(scratch))


if __name__ == "__main__":
    main()
