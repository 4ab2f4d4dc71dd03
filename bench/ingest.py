"""How fast the watermarked 360p preview encodes, as a multiple of real time.

    python bench/ingest.py          # BENCH_SECONDS=60 by default

It makes a BENCH_SECONDS-long 1920x1080 25 fps H.264 clip with an AAC tone (PyAV, not timed),
then times footage.encoding.render_preview on it, three runs, and prints each and the median.
The target is 5x real time or faster on the project's CI machine. Figures are printed, not
asserted.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
NOISE = os.environ.get("BENCH_NOISE", "") == "1"  # grainy footage: the hard case


def main():
    from devdata.videos import synthetic_video
    from footage import encoding

    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as scratch:
        source, target = Path(scratch, "source.mp4"), Path(scratch, "preview.mp4")
        started = time.perf_counter()
        synthetic_video(
            SECONDS, width=1920, height=1080, fps=25, audio=True, preset="ultrafast",
            noise=NOISE, target=str(source),
        )  # fmt: skip
        made = time.perf_counter() - started
        found = encoding.probe(str(source))
        print(
            f"source: {found.duration:.1f} s, {found.width}x{found.height} "
            f"{float(found.frame_rate):.0f} fps {found.video_codec}+{found.audio_codec}, "
            f"{source.stat().st_size / 1e6:.1f} MB (made in {made:.1f} s{', grainy' * NOISE}); "
            f"{os.cpu_count()} CPUs"
        )
        speeds = []
        for run in range(1, RUNS + 1):
            started = time.perf_counter()
            encoding.render_preview(str(source), str(target), watermark_text="Clipwire")
            took = time.perf_counter() - started
            speeds.append(found.duration / took)
            out = encoding.probe(str(target))
            print(
                f"run {run}: {took:.2f} s -> {speeds[-1]:.1f}x real time "
                f"({out.width}x{out.height}, {target.stat().st_size / 1e6:.2f} MB)"
            )
        print(f"preview encoding: median {statistics.median(speeds):.1f}x real time")


if __name__ == "__main__":
    main()
