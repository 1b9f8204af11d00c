"""Crossnote's Following feed beside Takahē's home timeline, same data, same gunicorn, wrk.

    make wrk    # Debian's wrk, once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crossnote_bench \\
    REDIS_URL=redis://127.0.0.1:6379/8 \\
    .venv/bin/python -m bench.takahe --takahe ~/takahe --takahe-venv ~/takahe/.venv

Takahē (github jointakahe/takahe) is a Django ActivityPub server whose home timeline is
fan-out on write, like Crossnote's Following feed: a `TimelineEvent` row per follower and
post. Its code is never part of this repository: give a checkout and a virtualenv with its
requirements (bench/README.md, "Takahē"). On a dataset `python -m bench.run` made:

1. export `--viewers` bench viewers, the people they follow, and each viewer's timeline
   (their followees' newest 800 public notes, without the fan-out limit: Takahē pushes
   every post) to JSON; Crossnote's own timelines for them are rewritten as `bench.run`
   does;
2. create Takahē's database beside the dataset's (its name + `_takahe`, dropped first),
   run its migrations, and load the same graph with `bench/takahe_loader.py` inside its
   virtualenv: people, accepted follows, posts, TimelineEvents, one token per viewer;
3. serve each with gunicorn, the same command line (`--workers`, sync workers), on
   loopback; one request of each is checked (200, `--page` items);
4. wrk (`--connections`, `--seconds`) rotating through the viewers' bearer tokens, against
   `/api/v1/feeds/following` and `/api/v1/timelines/home?limit=20`; the CPU time the
   gunicorn processes (master and workers) used during the run, from psutil, divided by
   the requests served gives CPU per request, which does not depend on how busy the machine
   is; requests/s and latency are printed too.

Target: Crossnote uses at least 10× less CPU per request than Takahē.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.run import BENCH_DIR

TARGET = 10.0
PAGE = 20
TIMELINE = 800


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.takahe", description=__doc__.split("\n")[0])
    p.add_argument("--takahe", type=Path, required=True, help="a checkout of jointakahe/takahe")
    p.add_argument("--takahe-venv", type=Path, required=True, help="a virtualenv for it")
    p.add_argument("--viewers", type=int, default=100)
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers, for both")
    p.add_argument("--connections", type=int, default=4, help="wrk connections")
    p.add_argument("--seconds", type=int, default=30, help="wrk duration, each server")
    p.add_argument("--reuse", action="store_true", help="keep the Takahē database loaded")
    p.add_argument("--data-dir", type=Path, default=BENCH_DIR / "data")
    return p.parse_args(argv)


def configure(args: argparse.Namespace) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench.takahe needs the PostgreSQL dataset: set DATABASE_URL (and REDIS_URL)")
    if not shutil.which("wrk"):
        sys.exit("needs wrk: `make wrk` (Debian's package)")
    args.data_dir = args.data_dir.resolve()
    (args.data_dir / "static").mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "crossnote.settings"
    os.environ["CROSSNOTE_DATA_DIR"] = str(args.data_dir)
    os.environ.setdefault("CROSSNOTE_LOG_LEVEL", "WARNING")


FOLLOWED_SQL = (
    "SELECT n.id FROM relations_follow f JOIN notes_note n ON n.author_id = f.followee_id"
    " WHERE f.follower_id = %s AND n.state = 'published' AND n.visibility = 'public'"
    f" ORDER BY n.id DESC LIMIT {TIMELINE}"
)


def export(args: argparse.Namespace, out: Path) -> dict[int, str]:
    """The viewers' graph and timelines to JSON; Crossnote tokens for the same viewers."""
    import django

    django.setup()
    from django.db import connection

    from bench import viewers

    ids, _median = viewers.sample_viewers(args.viewers)
    viewers.materialise_timelines(ids)
    tokens = viewers.issue_tokens(ids)
    timelines: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        for v in ids:
            cursor.execute(FOLLOWED_SQL, [v])
            timelines[v] = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            "SELECT follower_id, followee_id FROM relations_follow WHERE follower_id = ANY(%s)",
            [ids],
        )
        follows = cursor.fetchall()
        note_ids = sorted({n for t in timelines.values() for n in t})
        cursor.execute(
            "SELECT id, author_id, title, body, COALESCE(published_at, created_at)"
            " FROM notes_note WHERE id = ANY(%s) ORDER BY id",
            [note_ids],
        )
        notes = [[i, a, t, b, p.isoformat()] for i, a, t, b, p in cursor.fetchall()]
        people_ids = set(ids) | {b for _a, b in follows} | {n[1] for n in notes}
        cursor.execute(
            "SELECT id, username FROM accounts_user WHERE id = ANY(%s)", [sorted(people_ids)]
        )
        people = cursor.fetchall()
    out.write_text(
        json.dumps({"people": people, "follows": follows, "notes": notes, "timelines": timelines})
    )
    events = sum(len(t) for t in timelines.values())
    print(f"exported {len(ids)} viewers, {len(people)} people, {len(follows)} follows,")
    print(f"  {len(notes)} notes, {events} timeline events")
    return tokens


def takahe_env(args: argparse.Namespace, url: str, media: Path) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        TAKAHE_DATABASE_SERVER=url,
        TAKAHE_SECRET_KEY="bench-takahe-secret-key-0123456789abcdef",  # noqa: S106
        TAKAHE_MAIN_DOMAIN="bench.example",
        TAKAHE_MEDIA_BACKEND=f"local://{media}",
        TAKAHE_MEDIA_ROOT=str(media),
        TAKAHE_MEDIA_URL="https://bench.example/media/",
        # Takahē's default cache is a dummy; an in-process one spares it repeated lookups.
        TAKAHE_CACHES_DEFAULT="locmem://",
        TAKAHE_ENV_FILE=str(media / "none.env"),
        TAKAHE_USE_PROXY_HEADERS="false",
        DJANGO_SETTINGS_MODULE="takahe.settings",
        PYTHONPATH=str(args.takahe),
    )
    return env


def takahe_database(args: argparse.Namespace) -> str:
    from urllib.parse import urlsplit, urlunsplit

    base = urlsplit(os.environ["DATABASE_URL"])
    name = base.path.lstrip("/") + "_takahe"
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: the dataset's database name must contain 'bench'")
    return urlunsplit(base._replace(path="/" + name)), name


def recreate(url: str, name: str) -> None:
    import psycopg

    admin = re.sub(r"/[^/]*$", "/postgres", url).replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')


LOADER = (
    "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def load_takahe(args, url: str, name: str, exported: Path, env: dict) -> list[str]:
    python = str(args.takahe_venv / "bin" / "python")
    tokens_file = args.data_dir / "takahe-tokens.json"
    if args.reuse and tokens_file.exists():
        return json.loads(tokens_file.read_text())["tokens"]
    recreate(url, name)
    started = time.monotonic()
    run = dict(env=env, cwd=args.takahe, text=True)
    manage = [python, "manage.py"]
    # Its migrations render templates that need the static files' manifest (into the
    # checkout's static-collected/, where Takahē's settings put it).
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], check=True, **run)  # noqa: S603
    subprocess.run([*manage, "migrate", "-v", "0"], check=True, **run)  # noqa: S603
    done = subprocess.run(  # noqa: S603
        # Run by path but not as a script: its folder (bench/, with this takahe.py) must not
        # come first on sys.path, or `import takahe` would find this file, not Takahē.
        [python, "-c", LOADER, str(BENCH_DIR / "takahe_loader.py"), str(exported)],
        capture_output=True,
        **run,
    )
    if done.returncode:
        sys.exit(f"loading Takahē failed:\n{done.stderr[-3000:]}")
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    tokens_file.write_text(json.dumps(loaded))
    print(
        f"Takahē loaded in {time.monotonic() - started:.0f} s: {loaded['posts']} posts,"
        f" {loaded['events']} TimelineEvents"
    )
    return loaded["tokens"]


def gunicorn(python: str, app: str, port: int, workers: int, env: dict, cwd: Path, log: Path):
    cmd = [python, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}"]
    cmd += ["--workers", str(workers), "--worker-class", "sync", "--timeout", "120"]
    cmd += ["--control-socket", str(log.with_suffix(".ctl"))] if "crossnote" in app else []
    process = subprocess.Popen(  # noqa: S603
        cmd, env=env, cwd=cwd, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{app} did not start; see {log}")
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return process
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{app} did not listen; see {log}")


def check(url: str, token: str, key: str | None) -> int:
    import httpx

    r = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=120)
    if r.status_code != 200:
        sys.exit(f"{url}: {r.status_code} {r.text[:300]}")
    body = r.json()
    return len(body[key] if key else body)


def cpu_seconds(process: subprocess.Popen) -> float:
    procs = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def wrk(args, url: str, tokens: list[str], process: subprocess.Popen) -> dict:
    quoted = ",".join(f'"{t}"' for t in tokens)
    script = (
        f"local tokens = {{{quoted}}}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n"
        '  local auth = {["Authorization"] = "Bearer " .. tokens[i % #tokens + 1]}\n'
        '  return wrk.format("GET", nil, auth)\n'
        "end\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    before = cpu_seconds(process)
    done = subprocess.run(  # noqa: S603
        ["wrk", "-t", "1", "-c", str(args.connections), "-d", f"{args.seconds}s",  # noqa: S607
         "--latency", "-s", lua.name, url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    cpu = cpu_seconds(process) - before
    os.unlink(lua.name)
    out = done.stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"50%\s+(\S+)", out).group(1)
    p99 = re.search(r"99%\s+(\S+)", out).group(1)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return {
        "requests": requests,
        "errors": int(errors.group(1)) if errors else 0,
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "cpu_ms": 1000 * cpu / max(requests, 1),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure(args)
    exported = args.data_dir / "takahe-export.json"
    cn_tokens = list(export(args, exported).values())
    url, name = takahe_database(args)
    media = args.data_dir / "takahe-media"
    media.mkdir(exist_ok=True)
    env = takahe_env(args, url, media)
    tk_tokens = load_takahe(args, url, name, exported, env)

    logs = args.data_dir / "peer"
    logs.mkdir(exist_ok=True)
    cn_env = {**os.environ, "CROSSNOTE_RATE_LIMITS": "0"}
    servers = []
    try:
        cn = gunicorn(sys.executable, "crossnote.wsgi:application", 8091, args.workers,
                      cn_env, BENCH_DIR.parent, logs / "crossnote.log")  # fmt: skip
        servers.append(cn)
        tk = gunicorn(str(args.takahe_venv / "bin" / "python"), "takahe.wsgi:application",
                      8092, args.workers, env, args.takahe, logs / "takahe.log")  # fmt: skip
        servers.append(tk)
        cn_url = "http://127.0.0.1:8091/api/v1/feeds/following"
        tk_url = "http://127.0.0.1:8092/api/v1/timelines/home?limit=20"
        items = check(cn_url, cn_tokens[0], "items"), check(tk_url, tk_tokens[0], None)
        print(f"first page: Crossnote {items[0]} notes, Takahē {items[1]} statuses")
        for token in cn_tokens:  # each viewer's first request, as bench.run warms up
            check(cn_url, token, "items")
        for token in tk_tokens:
            check(tk_url, token, None)
        results = {
            "Crossnote Following": wrk(args, cn_url, cn_tokens, cn),
            "Takahē home timeline": wrk(args, tk_url, tk_tokens, tk),
        }
    finally:
        for s in servers:
            os.killpg(s.pid, signal.SIGTERM)
            s.wait(30)
    print(
        f"\nwrk: {args.connections} connections, {args.seconds} s each; gunicorn"
        f" --workers {args.workers} (sync) for both; {len(cn_tokens)} viewers' tokens rotated"
    )
    print(
        f"{'':24} {'requests':>9} {'non-2xx':>8} {'req/s':>8} {'p50':>8} {'p99':>8}"
        f" {'CPU ms/req':>11}"
    )
    for label, r in results.items():
        print(
            f"{label:24} {r['requests']:9} {r['errors']:8} {r['rps']:8.1f} {r['p50']:>8}"
            f" {r['p99']:>8} {r['cpu_ms']:11.2f}"
        )
    ratio = results["Takahē home timeline"]["cpu_ms"] / results["Crossnote Following"]["cpu_ms"]
    ok = ratio >= TARGET and not any(r["errors"] for r in results.values())
    print(f"Crossnote uses {ratio:.1f}× less CPU per request: target >= {TARGET:.0f}×"
          f" {'PASS' if ok else 'FAIL'}")  # fmt: skip
    (args.data_dir / "results-takahe.json").write_text(json.dumps(results, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
