"""`crossnote serve`: the web server (gunicorn) and the background worker, together.

One command for a laptop or a single machine. At scale, run `gunicorn crossnote.wsgi` and
`crossnote run_huey` as separate services instead (docs/ARCHITECTURE.md, "Profiles").
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from crossnote.core.maintenance import analyze_database

# glibc's allocator, for long-lived threaded Python processes: one arena per thread and a
# mmap threshold that rises after each large free leave freed memory held in every worker
# (bench/memory.py: 227 → 148 MB private per web worker, with the warm-up's loading).
# Set in the environment the processes start with (glibc reads it once); a value already
# in the environment wins.
MALLOC_ENVIRONMENT = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"}


def process_environment() -> dict[str, str]:
    """The environment to start gunicorn and the task worker with."""
    return {**MALLOC_ENVIRONMENT, **os.environ}


def gunicorn_command(bind: str, workers: int, threads: int) -> list[str]:
    """The gunicorn command line: our interpreter, fixed arguments, our settings module."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "crossnote.wsgi:application",
        "--config",
        "python:crossnote.core.gunicorn_conf",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
    ]


class Command(BaseCommand):
    help = "Serve Crossnote with gunicorn and run the background worker beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("CROSSNOTE_BIND", "127.0.0.1:8000"))
        # One process with threads by default: the in-process cache (no Redis) is then one
        # cache, so invalidations are seen by every request. With Redis, add processes.
        parser.add_argument("--workers", type=int, default=1 if not settings.REDIS_URL else 2)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, bind: str, workers: int, threads: int, **options: Any) -> None:
        analyze_database()
        python = sys.executable
        environment = process_environment()
        children = [
            subprocess.Popen(gunicorn_command(bind, workers, threads), env=environment),  # noqa: S603
            subprocess.Popen(  # noqa: S603
                [
                    python,
                    "-m",
                    "crossnote.cli",
                    "run_huey",
                    "--workers",
                    str(settings.HUEY.get("consumer", {}).get("workers", 2)),
                    "--worker-type",
                    "thread",
                ],
                env=environment,
            ),
        ]
        self.stdout.write(f"Crossnote is serving on http://{bind} (Ctrl-C stops it)")

        def stop(*_ignored: Any) -> None:
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [c.returncode for c in children if c.returncode not in (0, -signal.SIGTERM)]
        if failed:
            raise SystemExit(failed[0])
