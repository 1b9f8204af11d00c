"""How many live listeners one gunicorn worker holds, and what they cost the rest.

Starts `gunicorn` as `crossnote serve` does (gthread, one worker) on a throw-away SQLite
instance, opens N event streams at once (each its own user and token), publishes one event
to all of them from another process (as the task worker does), and reports: how many
streams were held (the rest were told to poll), the delivery delay (median, max), and the
median time of an ordinary API request while the streams are open.

    .venv/bin/python bench/live/listeners.py --threads 8 --max-streams 4 --listeners 6
    .venv/bin/python bench/live/listeners.py --threads 64 --max-streams 60 --listeners 60
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _request(port: int, method: str, path: str, body: dict | None = None, token: str = ""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = conn.getresponse()
    return response.status, response.read()


def _listen(port: int, token: str, results: dict, ready: threading.Barrier) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/api/v1/live/events", headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    ready.wait()
    buffer = b""
    while True:
        chunk = response.fp.readline()
        if not chunk:
            results[token] = ("ended", None)
            return
        buffer += chunk
        if chunk.startswith(b"retry: 15000"):
            results[token] = ("busy", None)
            return
        if chunk.startswith(b"data: "):
            sent = json.loads(chunk[6:])["sent"]
            results[token] = ("held", time.time() - sent)
            return


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--max-streams", type=int, default=4)
    parser.add_argument("--listeners", type=int, default=6)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="live-bench-")
    env = {
        **os.environ,
        "CROSSNOTE_DATA_DIR": data,
        "CROSSNOTE_RATE_LIMITS": "false",
        "CROSSNOTE_LIVE_MAX_STREAMS": str(args.max_streams),
        "CROSSNOTE_LIVE_STREAM_SECONDS": "60",
        "CROSSNOTE_TASKS_IMMEDIATE": "true",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    python = sys.executable
    migrate = [python, "-m", "crossnote.cli", "migrate", "-v0"]
    subprocess.run(migrate, env=env, check=True)  # noqa: S603 - our own interpreter
    sys.path.insert(0, str(ROOT))
    os.environ.update(env, DJANGO_SETTINGS_MODULE="crossnote.settings")
    import django

    django.setup()
    from crossnote.core.management.commands.serve import gunicorn_command

    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        gunicorn_command(f"127.0.0.1:{args.port}", 1, args.threads),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                _request(args.port, "GET", "/api/v1/feeds/discover")
                break
            except OSError:
                time.sleep(0.2)
        tokens = []
        for i in range(args.listeners):
            status, body = _request(
                args.port,
                "POST",
                "/api/v1/auth/signup",
                {"username": f"listener{i}", "password": "correct horse battery staple"},
            )
            assert status == 201, body
            tokens.append(json.loads(body)["token"])
        results: dict = {}
        ready = threading.Barrier(args.listeners + 1)
        threads = [
            threading.Thread(target=_listen, args=(args.port, t, results, ready), daemon=True)
            for t in tokens
        ]
        for t in threads:
            t.start()
        ready.wait()
        time.sleep(2)  # every stream is waiting
        idle = []
        for _ in range(20):
            start = time.perf_counter()
            _request(args.port, "GET", "/api/v1/feeds/discover", token=tokens[0])
            idle.append((time.perf_counter() - start) * 1000)
        script = (
            "import time; from crossnote import live; "
            f"live.publish(range(1, {args.listeners + 1}), 'bench', {{'sent': time.time()}})"
        )
        shell = [python, "-m", "crossnote.cli", "shell", "-c", script]
        subprocess.run(shell, env=env, check=True)  # noqa: S603 - fixed arguments
        for t in threads:
            t.join(timeout=30)
        held = [d for kind, d in results.values() if kind == "held"]
        busy = sum(1 for kind, _ in results.values() if kind == "busy")
        worker = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0]
        rss = Path(f"/proc/{worker}/status").read_text()
        print(
            f"threads={args.threads} max_streams={args.max_streams} listeners={args.listeners}: "
            f"held {len(held)}, told to poll {busy}; delivery median "
            f"{statistics.median(held or [0]) * 1000:.0f} ms, "
            f"max {max(held or [0]) * 1000:.0f} ms; "
            f"an API request meanwhile: median {statistics.median(idle):.1f} ms"
        )
        print("worker", *[line for line in rss.splitlines() if line.startswith("VmRSS")])
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
