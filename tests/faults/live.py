"""A real server for fault tests: gunicorn in a subprocess, on this test's database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from django.conf import settings
from django.db import connection

# Bounded waits for a real subprocess (start-up imports Django and the language models).
START_DEADLINE = 60.0


def app_environment() -> dict[str, str]:
    """The environment of a process that runs Crossnote on this test's database and folders."""
    db = connection.settings_dict
    auth = db["USER"] or ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{auth}@{host}/{db['NAME']}",
        "CROSSNOTE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CROSSNOTE_ORIGINALS_ROOT": str(settings.CROSSNOTE_ORIGINALS_ROOT),
    }


def _wait_for_address(log: Path, process: subprocess.Popen) -> str:
    deadline = time.monotonic() + START_DEADLINE
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: (http://\S+)", log.read_text())
        if found:
            return found.group(1)
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        time.sleep(0.05)
    raise TimeoutError("gunicorn did not start")


def _wait_until_answering(url: str, path: str) -> None:
    deadline = time.monotonic() + START_DEADLINE
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + path, timeout=5).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError("gunicorn did not answer")


@contextmanager
def gunicorn(log: Path, ready_path: str, threads: int = 4) -> Iterator[str]:
    """Serve Crossnote (one worker, `threads` threads) on a free port; yields its address."""
    command = [
        *(sys.executable, "-m", "gunicorn", "crossnote.wsgi:application"),
        *("--bind", "127.0.0.1:0", "--workers", "1", "--threads", str(threads)),
        *("--worker-class", "gthread", "--graceful-timeout", "5"),
    ]
    with log.open("w") as sink:
        process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            command,
            env=app_environment(),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        url = _wait_for_address(log, process)
        _wait_until_answering(url, ready_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
