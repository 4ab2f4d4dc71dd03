"""What reading a master's evidence costs on top of today's ingest, per minute of 1080p.

    python bench/evidence.py        # BENCH_SECONDS=60 by default

It encodes BENCH_SECONDS of 1080p25 footage (a camera move over a real photograph, as
bench/fingerprints.py makes it; not timed), then times, three runs each, median printed:
today's ingest of that master (probe, poster frame and the watermarked 360p preview, what
footage.rendering does for every master) and each part of footage.evidence: capture metadata
(PyAV tags), Content Credentials (c2pa-python), the fingerprint (PDQ frame hashes), and the
three together. Figures are printed, not asserted.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def timed(work) -> float:
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    import django

    django.setup()
    from bench.fingerprints import SECONDS, footage_1080p
    from footage import encoding
    from footage.evidence.capture import capture_read
    from footage.evidence.fingerprints import fingerprint_file
    from footage.evidence.provenance import read_credentials

    print(f"{os.cpu_count()} CPUs; {SECONDS} s of 1080p25 H.264; median of {RUNS} runs")
    with tempfile.TemporaryDirectory(prefix="evidence-bench-") as scratch:
        path = footage_1080p(Path(scratch) / "1080p.mp4")
        preview = Path(scratch) / "preview.mp4"

        def ingest():
            encoding.probe(str(path))
            encoding.poster_frame(str(path))
            with open(preview, "wb") as target:
                encoding.render_preview(str(path), target, watermark_text="Clipwire preview")

        def everything():
            capture_read(str(path))
            read_credentials(str(path), "video/mp4")
            fingerprint_file(str(path))

        per_minute = 60 / SECONDS
        floor = timed(ingest)
        figures = {
            "capture metadata": timed(lambda: capture_read(str(path))),
            "Content Credentials": timed(lambda: read_credentials(str(path), "video/mp4")),
            "fingerprint": timed(lambda: fingerprint_file(str(path))),
            "all evidence": timed(everything),
        }
    print(f"  today's ingest (probe, poster, preview): {floor * per_minute:6.1f} s per minute")
    for name, spent in figures.items():
        print(
            f"  {name:<40} {spent * per_minute:6.1f} s per minute "
            f"({spent / floor:5.0%} on top of the ingest)"
        )


if __name__ == "__main__":
    main()
