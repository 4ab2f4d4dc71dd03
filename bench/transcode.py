"""How fast each delivery format is made from a 1080p master, and the memory it takes.

    python bench/transcode.py        # or: make bench-delivery

It makes a BENCH_SECONDS-long (111 by default) 1920x1080 25 fps H.264 master with a stereo
AAC tone (PyAV, not timed; kept in bench/results/ and reused), then runs, each in a fresh
process: decoding the master alone (the floor: no format is made faster than its master is
read), then footage.transcoding.transcode for every format offered for it. Each line gives
the wall-clock time, the multiple of real time (seconds of footage per second), the goal,
the process's peak resident memory, and the file's size and bit rate. Figures are printed,
not asserted (docs/benchmarks.md).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECONDS = int(os.environ.get("BENCH_SECONDS", "111"))
# BENCH_GRAIN=1: grain over every picture, as a camera's noise: the hardest case for encoders,
# where the block picture alone is the easiest.
GRAIN = os.environ.get("BENCH_GRAIN") == "1"
RESULTS = ROOT / "bench" / "results"
GOALS = {"h264-web": 4.0, "h264-hd": 1.0, "h264-4k": 1.0, "prores-hq": 1.0, "xdcam-hd422": 1.0}
FLOOR = "decode"


def master() -> Path:
    path = RESULTS / f"transcode-master-{SECONDS}s-1080p25{'-grain' if GRAIN else ''}.mp4"
    if not path.exists():
        from devdata.videos import synthetic_video

        RESULTS.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        scratch = path.with_suffix(".partial.mp4")
        synthetic_video(
            SECONDS, width=1920, height=1080, fps=25, audio=True, stereo=True,
            preset="ultrafast", variant=111, target=str(scratch), noise=GRAIN,
        )  # fmt: skip
        scratch.rename(path)
        print(f"made the master in {time.perf_counter() - started:.1f} s (not timed)")
    return path


def one(code: str, source: str, target: str) -> None:
    """In the child: do one job, print its time and peak memory as JSON."""
    import av

    from catalog.formats import offers_for
    from footage.encoding import probe
    from footage.transcoding import transcode

    found = probe(source)
    started = time.perf_counter()
    if code == FLOOR:
        with av.open(source) as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            for _ in container.decode(stream):
                pass
    else:
        offers = offers_for(found.width, found.height, found.frame_rate)
        offer = next(o for o in offers if o.code == code)
        transcode(source, target, offer)
    took = time.perf_counter() - started
    print(json.dumps({"seconds": took, "peak_mb": peak_kb() / 1024}))


def peak_kb() -> int:
    """This process's peak resident memory. Linux's VmHWM is this program's own; ru_maxrss
    would keep the parent's peak across exec (the parent made the master)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


def run(code: str, source: Path, scratch: Path) -> dict:
    target = scratch / f"{code}.out"
    done = subprocess.run(
        [sys.executable, __file__, "--one", code, str(source), str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["size"] = target.stat().st_size if target.exists() else 0
    return result


def main():
    from catalog.formats import offers_for
    from footage.encoding import probe

    source = master()
    found = probe(str(source))
    codes = [o.code for o in offers_for(found.width, found.height, found.frame_rate)]
    codes = [code for code in codes if code != "original"]
    only = os.environ.get("BENCH_FORMATS")  # e.g. "h264-web,h264-hd": those jobs only
    codes = [code for code in codes if not only or code in only.split(",")]
    print(
        f"master: {found.duration:.1f} s {found.width}x{found.height} "
        f"{float(found.frame_rate):g} fps {found.video_codec}+{found.audio_codec}, "
        f"{source.stat().st_size / 1e6:.1f} MB; {os.cpu_count()} CPUs, load "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    heads = ("seconds", 8), ("x real", 7), ("goal", 5), ("peak MB", 8), ("MB", 8), ("Mb/s", 7)
    print(f"{'job':<12} " + " ".join(f"{head:>{width}}" for head, width in heads))
    with tempfile.TemporaryDirectory(prefix="transcode-bench-") as scratch:
        for code in [FLOOR, *codes]:
            result = run(code, source, Path(scratch))
            speed = found.duration / result["seconds"]
            goal = GOALS.get(code)
            verdict = "" if goal is None else ("met" if speed >= goal else "MISSED")
            rate = result["size"] * 8 / found.duration / 1e6
            print(
                f"{code:<12} {result['seconds']:>8.1f} {speed:>6.1f}x "
                f"{f'{goal:g}x' if goal else '':>5} {result['peak_mb']:>8.0f} "
                f"{result['size'] / 1e6:>8.1f} {rate:>7.1f} {verdict}"
            )
            Path(scratch, f"{code}.out").unlink(missing_ok=True)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--one":
        one(*sys.argv[2:])
    else:
        main()
