"""Load held: find the peak, then hold 70 % of it with a realistic mix (bench/LOAD.md).

    # on a dataset made by `python -m bench.run` (same DATABASE_URL / REDIS_URL):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crossnote_bench \\
    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python -m bench.load            # 10 minutes
    ... python -m bench.load --peak-seconds 20 --hold-seconds 30                  # a dry run

It starts the app as production would on one machine (gunicorn with `--workers`, gthread,
and the background worker: `crossnote serve`'s two commands) on 127.0.0.1, then runs
locust headless (bench/locustfile.py) on the same machine:

1. peak: `--users` people sending requests back to back for `--peak-seconds`; the peak is
   the requests/s served (errors are reported too).
2. hold: the same people paced to `--fraction` (0.7) of that peak (locust's
   constant_throughput per person) for `--hold-seconds` (600).

The hold passes when no request failed (any status >= 400 or a dropped connection is a
failure). It prints per route: requests, failures, p50/p95/p99 ms, and writes locust's
CSVs into --data-dir/load/. Notes posted by the load are deleted at the end.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.run import BENCH_DIR

LOAD_TITLE = "load post"
TOKEN_NAME = "load"  # noqa: S105 - the name of the API tokens, not a secret


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    p.add_argument("--users", type=int, default=32, help="simulated people (locust users)")
    p.add_argument("--viewers", type=int, default=300, help="distinct accounts they sign in as")
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    p.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    p.add_argument("--warmup-seconds", type=int, default=20, help="load run first, not counted")
    p.add_argument("--peak-seconds", type=int, default=60)
    p.add_argument("--hold-seconds", type=int, default=600)
    p.add_argument("--fraction", type=float, default=0.7, help="of the peak, during the hold")
    p.add_argument("--peak-rps", type=float, default=0, help="skip the peak run: use this")
    p.add_argument("--port", type=int, default=8077)
    p.add_argument("--data-dir", type=Path, default=BENCH_DIR / "data")
    return p.parse_args(argv)


def configure(args: argparse.Namespace) -> None:
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        sys.exit("bench.load measures the scale-out profile: set DATABASE_URL and REDIS_URL")
    args.data_dir = args.data_dir.resolve()
    (args.data_dir / "static").mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "crossnote.settings"
    os.environ["CROSSNOTE_DATA_DIR"] = str(args.data_dir)
    os.environ["CROSSNOTE_RATE_LIMITS"] = "0"  # 300 accounts post and like far past them
    os.environ.setdefault("CROSSNOTE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("CROSSNOTE_TASK_LOG_LEVEL", "WARNING")


def people_file(args: argparse.Namespace) -> Path:
    """Tokens for `--viewers` bench viewers (timelines materialised), note ids, queries."""
    import django

    django.setup()
    from bench import scenarios, viewers
    from crossnote.accounts.actions import do_create_token
    from crossnote.accounts.models import ApiToken, User
    from crossnote.notes.models import Note

    ids, _median = viewers.sample_viewers(args.viewers)
    if not ids:
        sys.exit("no dataset: run `python -m bench.run` on this DATABASE_URL first")
    viewers.materialise_timelines(ids)
    ApiToken.objects.filter(name=TOKEN_NAME).delete()
    users = User.objects.in_bulk(ids)
    tokens = [do_create_token(users[i], TOKEN_NAME)[1] for i in ids]
    top = Note.objects.filter(state="published", visibility="public").order_by("-id")
    notes = list(top.values_list("id", flat=True)[:20000])
    random.Random(3).shuffle(notes)
    out = args.data_dir / "load" / "people.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "tokens": tokens,
                "notes": notes[:5000],
                "queries": scenarios.all_queries()[:200],
                "photo_hex": scenarios.small_jpeg().hex(),
                "post_title": LOAD_TITLE,
            }
        )
    )
    return out


def serve(args: argparse.Namespace) -> list[subprocess.Popen]:
    """gunicorn and the worker, as `crossnote serve` starts them."""
    from crossnote.core.management.commands.serve import gunicorn_command

    log = (args.data_dir / "load" / "server.log").open("ab")
    web = gunicorn_command(f"127.0.0.1:{args.port}", args.workers, args.threads)
    web = [c for c in web if c not in ("--access-logfile", "-")]
    web += ["--control-socket", str(args.data_dir / "load" / "gunicorn.ctl")]
    worker = [sys.executable, "-m", "crossnote.cli", "run_huey", "--workers", "2"]
    worker += ["--worker-type", "thread"]
    children = [
        subprocess.Popen(cmd, stdout=log, stderr=log, start_new_session=True)  # noqa: S603
        for cmd in (web, worker)
    ]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", args.port), 1).close()
            return children
        except OSError:
            time.sleep(0.3)
    stop(children)
    sys.exit(f"the server did not start; see {log.name}")


def stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    for child in children:
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)


def locust(args, people: Path, name: str, seconds: int, user_rps: float) -> list[dict]:
    prefix = args.data_dir / "load" / name
    env = {
        **os.environ,
        "CROSSNOTE_LOAD_PEOPLE": str(people),
        "CROSSNOTE_LOAD_USER_RPS": str(user_rps),
    }
    cmd = [sys.executable, "-m", "locust", "-f", str(BENCH_DIR / "locustfile.py"), "--headless"]
    cmd += ["--host", f"http://127.0.0.1:{args.port}", "-u", str(args.users)]
    cmd += ["-r", str(args.users), "-t", f"{seconds}s", "--csv", str(prefix), "--only-summary"]
    cmd += ["--stop-timeout", "30", "--loglevel", "WARNING"]
    with open(f"{prefix}.log", "wb") as log:  # locust's own summary
        subprocess.run(cmd, env=env, check=False, stdout=log, stderr=log)  # noqa: S603
    with open(f"{prefix}_stats.csv") as f:
        return list(csv.DictReader(f))


def table(rows: list[dict]) -> str:
    head = f"{'route':44} {'requests':>9} {'failures':>8} {'req/s':>7}"
    head += f" {'p50 ms':>6} {'p95 ms':>6} {'p99 ms':>6}"
    lines = [head, "-" * len(head)]
    for r in rows:
        name = r["Name"]
        if r["Type"] and not name.startswith(r["Type"]):
            name = f"{r['Type']} {name}"
        lines.append(
            f"{name[:44]:44} {r['Request Count']:>9} {r['Failure Count']:>8}"
            f" {float(r['Requests/s']):7.1f} {r['50%']:>6} {r['95%']:>6} {r['99%']:>6}"
        )
    return "\n".join(lines)


def cleanup() -> int:
    from crossnote.accounts.models import ApiToken
    from crossnote.notes.actions import do_delete_note
    from crossnote.notes.models import Note

    notes = list(Note.objects.filter(title=LOAD_TITLE))
    for note in notes:
        do_delete_note(note)
    ApiToken.objects.filter(name=TOKEN_NAME).delete()
    return len(notes)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure(args)
    people = people_file(args)
    children = serve(args)
    failures = -1
    try:
        # Each gunicorn worker loads the app, the encoder and the indexes on first use.
        locust(args, people, "warmup", args.warmup_seconds, 0)
        peak = args.peak_rps
        if not peak:
            rows = locust(args, people, "peak", args.peak_seconds, 0)
            total = rows[-1]
            peak = float(total["Requests/s"])
            print(f"peak: {args.users} people back to back for {args.peak_seconds} s")
            print(table(rows))
            print(f"peak {peak:.1f} req/s ({total['Failure Count']} failures)\n", flush=True)
        target = args.fraction * peak
        rows = locust(args, people, "hold", args.hold_seconds, target / args.users)
        total = rows[-1]
        print(
            f"hold: {target:.1f} req/s ({args.fraction:.0%} of {peak:.1f})"
            f" for {args.hold_seconds} s"
        )
        print(table(rows))
        failures = int(total["Failure Count"])
        print(
            f"\nserved {float(total['Requests/s']):.1f} req/s; {failures} failures:"
            f" {'PASS' if failures == 0 else 'FAIL'} (target: error rate 0)"
        )
    finally:
        stop(children)
        print(f"removed {cleanup()} notes posted by the load")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
