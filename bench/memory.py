"""Memory of Crossnote's processes after warm-up, with and without loading before the fork.

    python -m bench.memory                      # the dataset bench.run left in bench/data
    python -m bench.memory --workers 4 --requests 300
    DATABASE_URL=… REDIS_URL=… python -m bench.memory   # the scale-out profile

Starts gunicorn as `crossnote serve` does (gthread, our config), once with the language
data and the meaning index loaded in the master before it forks (the default, crossnote/
core/warmup.py) and once without (CROSSNOTE_PRELOAD=0), sends the same warm-up mix to each
(Discover, Following, note pages, hashtag pages, a new search query per request in English
and Chinese), then reads every worker's /proc/<pid>/smaps_rollup:

- RSS: every page the process has in memory, its own and those it shares;
- USS: its private pages (what killing it would free);
- PSS: its own pages plus its share of the shared ones (shared pages divided by the number
  of processes sharing them): the processes' PSS add up to what they cost together.

The background worker (`crossnote run_huey`, which loads the language data at start) is
measured after start-up too. Needs a dataset from `python -m bench.run` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memory_of(pid: int) -> dict[str, float]:
    """RSS, PSS and USS of a process, in MB."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_unit = line.split()
        fields[name.rstrip(":")] = int(value)
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return {"rss": fields["Rss"] / 1024, "pss": fields["Pss"] / 1024, "uss": uss / 1024}


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _get(port: int, path: str, token: str = "") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def _wait_until_serving(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 300
    while True:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            if _get(port, "/api/v1/no-such-page") == 404:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("gunicorn did not start within 5 minutes")
        time.sleep(0.5)


def warm_up(port: int, requests: int, token: str, note_ids: list[int], tags: list[str]) -> int:
    """The mix, `requests` requests in all; returns how many failed."""
    from bench.scenarios import all_queries

    queries = iter(all_queries())
    rng = random.Random(1)
    failed = 0
    for i in range(requests):
        kind = i % 6
        if kind == 0:
            path = "/" if i % 12 == 0 else "/api/v1/feeds/discover"
        elif kind == 1:
            path = "/api/v1/feeds/following"
        elif kind == 2:
            path = f"/notes/{rng.choice(note_ids)}"
        elif kind == 3:
            path = f"/tags/{urllib.parse.quote(rng.choice(tags))}"
        else:
            q = next(queries)
            path = f"/api/v1/search?q={urllib.parse.quote(q)}"
        status = _get(port, path, token if kind == 1 else "")
        failed += status >= 400
    return failed


def measure_gunicorn(env: dict[str, str], workers: int, threads: int, args: Any) -> dict:
    from crossnote.core.management.commands.serve import gunicorn_command

    port = _free_port()
    log = Path(env["CROSSNOTE_DATA_DIR"]) / f"memory-gunicorn-{env['CROSSNOTE_PRELOAD']}.log"
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - the command `crossnote serve` runs
            gunicorn_command(f"127.0.0.1:{port}", workers, threads),
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_serving(port, process, log)
            ready = time.monotonic() - started
            failed = warm_up(port, args.requests, args.token, args.note_ids, args.tags)
            worker_memory = [memory_of(pid) for pid in _children(process.pid)]
            master = memory_of(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=60)
    return {"ready_s": ready, "failed": failed, "workers": worker_memory, "master": master}


def measure_task_worker(env: dict[str, str]) -> dict[str, float]:
    """`crossnote run_huey` after start-up, when it has loaded the language data."""
    marker = Path(env["CROSSNOTE_DATA_DIR"]) / "memory-huey.log"
    with marker.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "crossnote.cli", "run_huey", "--workers", "2", "-k", "thread"],
            env={**env, "CROSSNOTE_LOG_LEVEL": "INFO"},
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 300
            while b"language data loaded" not in marker.read_bytes():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"run_huey did not load: {marker.read_text()[-2000:]}")
                time.sleep(0.5)
            return memory_of(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=60)


def _sample(args: argparse.Namespace) -> None:
    """A viewer's token, note ids and hashtags to request, read from the dataset."""
    import django

    django.setup()
    from bench.viewers import issue_tokens, sample_viewers
    from crossnote.notes.models import Note, Visibility
    from crossnote.tags.models import Hashtag

    viewers, _median = sample_viewers(1)
    args.token = issue_tokens(viewers[:1])[viewers[0]]
    public = Note.objects.filter(visibility=Visibility.PUBLIC, state=Note.State.PUBLISHED)
    top = public.order_by("-id").values_list("id", flat=True)[:5000]
    args.note_ids = list(top)
    args.tags = list(Hashtag.objects.order_by("-id").values_list("name", flat=True)[:50])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=BENCH_DIR / "data")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="crossnote.settings",
        CROSSNOTE_DATA_DIR=str(args.data_dir.resolve()),
        CROSSNOTE_RATE_LIMITS="0",
        CROSSNOTE_LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    _sample(args)
    from crossnote.core.management.commands.serve import process_environment

    os.environ.update(process_environment())  # as `crossnote serve` starts its processes
    results: dict[str, Any] = {}
    for preload in ("1", "0"):
        env = {**os.environ, "CROSSNOTE_PRELOAD": preload}
        results[preload] = measure_gunicorn(env, args.workers, args.threads, args)
    results["huey"] = measure_task_worker({**os.environ})
    print(report(results, args))
    (args.data_dir / "results-memory.json").write_text(json.dumps(results, indent=1))
    return 0


def report(results: dict[str, Any], args: argparse.Namespace) -> str:
    lines = [
        f"{args.workers} gunicorn workers × {args.threads} threads, {args.requests} warm-up "
        "requests each run; MB",
        "",
        "| process | RSS | PSS | USS (private) |",
        "| --- | --- | --- | --- |",
    ]
    for preload, label in (("1", "loaded before fork"), ("0", "each worker loads its own")):
        run = results[preload]
        for i, worker in enumerate(run["workers"], start=1):
            lines.append(
                f"| web worker {i}, {label} | {worker['rss']:.0f} | {worker['pss']:.0f} "
                f"| {worker['uss']:.0f} |"
            )
        master = run["master"]
        total = master["pss"] + sum(w["pss"] for w in run["workers"])
        lines.append(
            f"| gunicorn master, {label} | {master['rss']:.0f} | {master['pss']:.0f} "
            f"| {master['uss']:.0f} |"
        )
        lines.append(
            f"| **all of gunicorn, {label}** (PSS summed; ready in {run['ready_s']:.1f} s, "
            f"{run['failed']} failed requests) | | **{total:.0f}** | |"
        )
    huey = results["huey"]
    lines.append(
        f"| task worker (`run_huey`), language data loaded | {huey['rss']:.0f} "
        f"| {huey['pss']:.0f} | {huey['uss']:.0f} |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
