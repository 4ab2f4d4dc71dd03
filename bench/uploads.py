"""How fast a 1 GB master comes in through the tus endpoint, and how much memory the server
uses meanwhile (it streams every PATCH body to disk in 1 MB blocks, never holding it).

    python bench/uploads.py        # BENCH_UPLOAD_MB=1024 BENCH_CHUNKS_MB=8,64 by default

It serves the app with gunicorn (2 sync workers, DEBUG=0) on a scratch SQLite database (or
DATABASE_URL when given) with scratch UPLOADS_ROOT and MASTERS_ROOT; makes a BENCH_UPLOAD_MB
MPEG-TS master cheaply (a short PyAV-encoded segment repeated: concatenated transport streams
are still one valid stream, which master_check accepts); then uploads it with tuspy in each
chunk size (BENCH_CHECKSUM=1 adds sha1 Upload-Checksum on every PATCH). For each it prints the
MB/s, the workers' peak resident memory (VmRSS sampled every 50 ms from /proc, and VmHWM),
and a floor: copying the same file on the same disk in the same chunks, in the same run.
Figures are printed, not asserted.
"""

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from fractions import Fraction
from pathlib import Path

import requests  # tuspy's own HTTP client
from tusclient import client as tus_client

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE_MB = int(os.environ.get("BENCH_UPLOAD_MB", "1024"))
CHUNKS_MB = [int(c) for c in os.environ.get("BENCH_CHUNKS_MB", "8,64").split(",")]
CHECKSUM = os.environ.get("BENCH_CHECKSUM", "") == "1"
MB = 1024 * 1024


def make_master(target: Path, size: int) -> None:
    """A valid MPEG-TS of at least `size` bytes: one noisy 2-second segment, repeated."""
    import av

    segment = target.with_suffix(".segment.ts")
    with av.open(str(segment), mode="w", format="mpegts") as container:
        stream = container.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 640, 360, "yuv420p"
        stream.time_base = Fraction(1, 25)
        stream.options = {"preset": "ultrafast", "qp": "0"}  # lossless noise: big, quick
        for index in range(50):
            frame = av.VideoFrame(640, 360, "rgb24")
            frame.planes[0].update(os.urandom(frame.planes[0].buffer_size))
            frame = frame.reformat(format="yuv420p")
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    piece = segment.read_bytes()
    segment.unlink()
    with open(target, "wb") as out:
        written = 0
        while written < size:
            out.write(piece)
            written += len(piece)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args, stdin=None) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True, input=stdin,
    ).stdout  # fmt: skip


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def memory_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


class RssSampler(threading.Thread):
    """The workers' largest VmRSS while it runs, sampled every 50 ms."""

    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids, self.peak, self.stop = pids, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max([self.peak, *(memory_kb(pid, "VmRSS") for pid in self.pids)])
            time.sleep(0.05)


def floor_copy(source: Path, target: Path, chunk: int) -> float:
    started = time.perf_counter()
    with open(source, "rb") as read, open(target, "wb") as write:
        while block := read.read(chunk):
            write.write(block)
    took = time.perf_counter() - started
    target.unlink()
    return took


def main():

    with tempfile.TemporaryDirectory(prefix="uploads-bench-") as scratch:
        scratch = Path(scratch)
        master = scratch / "master.ts"
        started = time.perf_counter()
        make_master(master, SIZE_MB * MB)
        size = master.stat().st_size
        print(
            f"master: {size / MB:,.0f} MB MPEG-TS (made in {time.perf_counter() - started:.1f}"
            f" s); {os.cpu_count()} CPUs; {'sha1 checksums' if CHECKSUM else 'no checksums'}"
        )
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{scratch}/db.sqlite3"),
            "UPLOADS_ROOT": str(scratch / "uploads"), "MASTERS_ROOT": str(scratch / "masters"),
            "MEDIA_ROOT": str(scratch / "media"), "STATIC_ROOT": str(scratch / "static"),
            "DEBUG": "0", "SECRET_KEY": "uploads-bench", "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0", "MASTER_MAX_BYTES": str(size + MB),
            "API_THROTTLE_USER": "100000/minute", "API_THROTTLE_ANON": "100000/minute",
            "API_THROTTLE_UPLOADS": "100000/minute", "C2PA_SIGN_DOWNLOADS": "0",
        }  # fmt: skip
        database = env["DATABASE_URL"].split(":", 1)[0]
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        key = json.loads(
            manage(env, "shell", "-v", "0", "-c", BENCH_PARTNER)
        )["api_key"]  # fmt: skip
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind",
             f"127.0.0.1:{port}", "--workers", "2", "--timeout", "300", "--log-level",
             "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(120):
                try:
                    requests.options(f"{base}/api/v1/uploads/", timeout=5)
                    break
                except requests.RequestException:
                    time.sleep(0.5)
            workers = children(server.pid)
            idle = max(memory_kb(pid, "VmRSS") for pid in workers)
            print(f"server: gunicorn, 2 sync workers, {database}; idle worker {idle / 1024:.0f} MB")
            digest = file_sha1(master)
            headers = {"Authorization": f"Api-Key {key}"}
            for chunk_mb in CHUNKS_MB:
                run_once(base, headers, master, chunk_mb, workers, digest, scratch / "uploads")
                floor = floor_copy(master, scratch / "copy.ts", chunk_mb * MB)
                print(f"  floor: copy on the same disk in {chunk_mb} MB chunks: "
                      f"{size / MB / floor:,.0f} MB/s ({floor:.1f} s)")  # fmt: skip
            hwm = max(memory_kb(pid, "VmHWM") for pid in workers)
            print(f"workers' VmHWM (peak resident since start, all runs): {hwm / 1024:.0f} MB")
        finally:
            server.terminate()
            server.wait(30)
            shutil.rmtree(scratch / "uploads", ignore_errors=True)


def run_once(base, headers, master: Path, chunk_mb, workers, digest, uploads_root: Path):
    size = master.stat().st_size
    sampler = RssSampler(workers)
    sampler.start()
    uploader = tus_client.TusClient(f"{base}/api/v1/uploads/", headers=headers).uploader(
        str(master), chunk_size=chunk_mb * MB, upload_checksum=CHECKSUM,
        metadata={"filename": "master.ts", "filetype": "video/mp2t"},
    )  # fmt: skip
    started = time.perf_counter()
    uploader.upload()
    took = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    answer = requests.get(uploader.url, headers=headers, timeout=30).json()
    same = file_sha1(uploads_root / answer["id"]) == digest
    print(
        f"tus {chunk_mb} MB chunks: {size / MB / took:,.0f} MB/s ({took:.1f} s), upload "
        f"{answer['status']} {answer['width']}x{answer['height']}, "
        f"{'byte-identical' if same else 'DIFFERENT BYTES'}; peak worker RSS "
        f"{sampler.peak / 1024:.0f} MB"
    )
    requests.delete(uploader.url, headers={**headers, "Tus-Resumable": "1.0.0"}, timeout=30)


def file_sha1(path: Path) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    with open(path, "rb") as handle:
        while block := handle.read(MB):
            digest.update(block)
    return digest.hexdigest()


BENCH_PARTNER = """
import json
from catalog.models import ContentPartner
from partners.services.members import partner_key_create, partner_member_create
partner, _ = ContentPartner.objects.get_or_create(slug="bench-partner", defaults={"name": "Bench"})
member = partner_member_create(partner=partner, email="bench@partner.example")
print(json.dumps({"api_key": partner_key_create(member=member)[1]}))
"""


if __name__ == "__main__":
    main()
