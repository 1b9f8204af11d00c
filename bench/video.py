"""Video benchmark: transcoding speed against the ffmpeg command line, and upload cost.

    .venv/bin/python -m bench.video                    # both parts, 60 s 1080p30, 3 runs each
    .venv/bin/python -m bench.video --part transcode --seconds 20 --runs 1   # a quick look
    .venv/bin/python -m bench.video --part upload --upload-mb 1024

Transcode: a 60 s 1080p30 clip (H.264 + AAC, made by Debian's `ffmpeg` from its `testsrc2`
and `sine` sources, so it moves and sounds) is transcoded by our job exactly as the worker
runs it (`python -m crossnote.media.video_job`, a child process with its limits), and by the
`ffmpeg` command line doing the same work: one decode, a 1080p and a 480p H.264 rendition
(same preset, CRF and rate caps), AAC, faststart, metadata dropped. Reported: medians of
wall time, the real-time factor (clip seconds per wall second) and our wall time over
ffmpeg's (the target is at most 1.15×). `ffmpeg` is used here only, never by Crossnote.

Upload: a file of `--upload-mb` random bytes is sent through the tus endpoints of a real
gunicorn (`crossnote serve`'s config) in 64 MB PATCHes from a file, as a client would;
reported: MB/s and the peak resident memory (VmHWM) of the worker process that received it,
before the upload (the app loaded and one request served) and after.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crossnote.media.video_job import RENDITIONS

PRESET = "veryfast"


def make_source(path: Path, seconds: int) -> None:
    subprocess.run(  # noqa: S603
        [  # noqa: S607 - Debian's ffmpeg, in the bench only
            "ffmpeg", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
            "-c:v", "libx264", "-preset", "fast", "-crf", "18", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "192k", "-ac", "2", str(path),
        ],
        check=True,
    )  # fmt: skip


def _timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ours(source: Path, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "crossnote.media.video_job", str(source),
        "--hd", str(out / "ours_hd.mp4"), "--sd", str(out / "ours_sd.mp4"),
        "--poster", str(out / "ours.webp"), "--preset", PRESET,
    ]  # fmt: skip


def ffmpeg(source: Path, out: Path) -> list[str]:
    command = ["ffmpeg", "-v", "error", "-y", "-i", str(source), "-filter_complex"]
    command.append(
        "[0:v]split=2[a][b];[a]scale=1920:1080,format=yuv420p[hd];"
        "[b]scale=854:480,format=yuv420p[sd]"
    )
    for name in ("hd", "sd"):
        _short, crf, maxrate, audio_rate = RENDITIONS[name]
        command += ["-map", f"[{name}]", "-map", "0:a", "-c:v", "libx264", "-preset", PRESET]
        command += ["-crf", str(crf), "-maxrate", maxrate, "-bufsize", "10M"]
        command += ["-c:a", "aac", "-b:a", str(audio_rate), "-ar", "48000", "-ac", "2"]
        command += ["-movflags", "+faststart", "-map_metadata", "-1", str(out / f"ff_{name}.mp4")]
    return command


def bench_transcode(seconds: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="cn-video-bench-") as folder:
        out = Path(folder)
        source = out / "source.mp4"
        make_source(source, seconds)
        results: dict[str, list[tuple[float, float]]] = {"ours": [], "ffmpeg": []}
        for _ in range(runs):  # interleaved, so a noisy neighbour hurts both alike
            results["ffmpeg"].append(_timed(ffmpeg(source, out)))
            results["ours"].append(_timed(ours(source, out)))
    wall = {k: statistics.median(w for w, _c in v) for k, v in results.items()}
    cpu = {k: statistics.median(c for _w, c in v) for k, v in results.items()}
    return {
        "clip_seconds": seconds,
        "runs": runs,
        "ours_wall_s": round(wall["ours"], 2),
        "ffmpeg_wall_s": round(wall["ffmpeg"], 2),
        "ours_cpu_s": round(cpu["ours"], 2),
        "ffmpeg_cpu_s": round(cpu["ffmpeg"], 2),
        "realtime_factor": round(seconds / wall["ours"], 2),
        "ours_over_ffmpeg": round(wall["ours"] / wall["ffmpeg"], 3),
        "all_runs": results,
    }


def _request(port: int, method: str, path: str, headers: dict, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def bench_upload(megabytes: int) -> dict:
    port = 18731
    with tempfile.TemporaryDirectory(prefix="cn-upload-bench-") as folder:
        env = {
            **os.environ,
            "CROSSNOTE_DATA_DIR": folder,
            "DJANGO_SETTINGS_MODULE": "crossnote.settings",
            "CROSSNOTE_RATE_LIMITS": "0",
            "CROSSNOTE_VIDEO_MAX_BYTES": str(2 * 1024**3),
        }
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        crossnote = [sys.executable, "-m", "crossnote.cli"]
        subprocess.run([*crossnote, "migrate", "-v0"], env=env, check=True)  # noqa: S603
        token = subprocess.run(  # noqa: S603
            [*crossnote, "shell", "-c", _SIGN_UP_SCRIPT], env=env, check=True, capture_output=True,
            text=True,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "python:crossnote.core.gunicorn_conf",
             "-b", f"127.0.0.1:{port}", "-w", "1", "crossnote.wsgi"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            for _ in range(100):
                try:
                    _request(port, "OPTIONS", "/api/v1/uploads", {})
                    break
                except OSError:
                    time.sleep(0.2)
            source = Path(folder) / "upload.bin"
            with open(source, "wb") as handle:
                for _ in range(megabytes):
                    handle.write(os.urandom(1024 * 1024))
            size = source.stat().st_size
            auth = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
            _request(port, "POST", "/api/v1/uploads", {**auth, "Upload-Length": "1"})  # warm up
            before_kb = _peak_rss_kb(server.pid)
            created, _body = _request(
                port, "POST", "/api/v1/uploads", {**auth, "Upload-Length": str(size)}
            )
            location = created.getheader("Location")
            piece = 64 * 1024 * 1024
            start = time.perf_counter()
            with open(source, "rb") as handle:
                offset = 0
                while offset < size:
                    length = min(piece, size - offset)
                    headers = {
                        **auth,
                        "Upload-Offset": str(offset),
                        "Content-Type": "application/offset+octet-stream",
                        "Content-Length": str(length),
                    }
                    answer, _body = _request(
                        port, "PATCH", location, headers, _Slice(handle, length)
                    )
                    offset = int(answer.getheader("Upload-Offset"))
            elapsed = time.perf_counter() - start
            peak_kb = _peak_rss_kb(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return {
        "upload_mb": megabytes,
        "seconds": round(elapsed, 2),
        "mb_per_s": round(megabytes / elapsed, 1),
        "worker_peak_rss_mb": round(peak_kb / 1024, 1),
        "worker_peak_rss_before_mb": round(before_kb / 1024, 1),  # the app, loaded and warm
    }


_SIGN_UP_SCRIPT = """
from crossnote.accounts.models import User, ApiToken
import secrets
user = User.objects.create_user(username="bench_uploader", password=secrets.token_urlsafe(16))
from crossnote.accounts.actions import do_create_token
print(do_create_token(user, "bench")[1])
"""


class _Slice:
    """`length` bytes of an open file, read in pieces by http.client (never whole)."""

    def __init__(self, handle, length: int) -> None:
        self.handle, self.left = handle, length

    def read(self, size: int = 1024 * 1024) -> bytes:
        data = self.handle.read(min(size, self.left)) if self.left > 0 else b""
        self.left -= len(data)
        return data


def _peak_rss_kb(master_pid: int) -> int:
    """The highest VmHWM among the gunicorn master's children (the worker)."""
    peak = 0
    for child in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["transcode", "upload", "all"], default="all")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--upload-mb", type=int, default=1024)
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None and args.part != "upload":
        sys.exit("The transcode comparison needs Debian's ffmpeg: apt-get install ffmpeg")
    report = {}
    if args.part in ("transcode", "all"):
        report["transcode"] = bench_transcode(args.seconds, args.runs)
    if args.part in ("upload", "all"):
        report["upload"] = bench_upload(args.upload_mb)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
