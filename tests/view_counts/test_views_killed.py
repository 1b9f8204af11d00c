"""kill -9 of the processes that hold views, for real: what is lost is what the docs say.

- Redis buffer: the worker (`crossnote run_huey`, a subprocess) is killed while views wait
  and while it flushes; once a worker runs again every view counts, exactly once.
- Memory buffer: a gunicorn web process is killed before it flushes: the views it held are
  the loss window. Stopped cleanly instead (SIGTERM), it flushes them all.
Both need the test's database from another process: the PostgreSQL + Redis half.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from django.conf import settings

from crossnote.accounts.models import User
from crossnote.engagement import view_counts
from crossnote.engagement.models import NoteView
from crossnote.notes.models import Note
from tests.faults.live import _wait_for_address, _wait_until_answering, app_environment
from tests.faults.pg import skip_unless_postgresql

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

DEADLINE = 90.0  # bounded waits on real subprocesses


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.01)


def published_note() -> Note:
    author = User.objects.create_user(username="anna", password="correct horse battery")
    return Note.objects.create(author=author, title="Tea", state=Note.State.PUBLISHED)


def count(note: Note) -> int:
    return Note.objects.get(pk=note.pk).view_count


@contextmanager
def worker(log: Path) -> Iterator[subprocess.Popen]:
    env = {
        **app_environment(),
        "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
        "CROSSNOTE_VIEW_BUFFER": "redis",
    }
    with log.open("a") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "crossnote.cli", "run_huey", "--workers", "1", "-k", "thread"],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_no_view_is_lost_when_the_worker_is_killed(tmp_path):
    skip_unless_postgresql()
    if not settings.REDIS_URL:
        pytest.skip("the Redis buffer needs REDIS_URL")
    prefix = f"{settings.CACHES['default'].get('KEY_PREFIX', 'cn')}:"
    buffer = view_counts.RedisBuffer(settings.REDIS_URL, prefix, background=False)
    buffer.client.delete(buffer.pending, buffer.flushing, buffer.lock)
    note = published_note()
    log = tmp_path / "worker.log"

    def record(first: int, last: int) -> None:
        for n in range(first, last):
            buffer.add(note.pk, f"a:visitor{n}", time.time())
            if n % 100 == 99:
                buffer.ship()  # as a web process's shipping thread does
        buffer.ship()

    record(0, 500)
    with worker(log) as process:
        wait_for(lambda: count(note) == 500, "the worker's first flushes")
        record(500, 3000)  # the worker flushes these while ...
        wait_for(lambda: count(note) > 500, "a flush under way")
        process.send_signal(signal.SIGKILL)  # ... it is killed
        process.wait()
    record(3000, 3500)  # views go on arriving while no worker runs
    assert count(note) < 3500
    with worker(log):
        wait_for(lambda: count(note) >= 3500, "every view to be counted")
        time.sleep(0.2)  # nothing more arrives
    assert count(note) == 3500
    assert NoteView.objects.filter(note=note).count() == 3500
    assert len(buffer) == 0
    buffer.client.delete(buffer.pending, buffer.flushing, buffer.lock)


@contextmanager
def web_process(log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """gunicorn (one worker) counting views in memory, never flushing by the clock."""
    env = {
        **app_environment(),
        "CROSSNOTE_VIEW_BUFFER": "memory",
        "CROSSNOTE_VIEW_FLUSH_SECONDS": "3600",
    }
    command = [
        *(sys.executable, "-m", "gunicorn", "crossnote.wsgi:application"),
        *("--config", "python:crossnote.core.gunicorn_conf", "--bind", "127.0.0.1:0"),
        *("--workers", "1", "--threads", "2", "--graceful-timeout", "10"),
    ]
    with log.open("w") as sink:
        process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            command, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        url = _wait_for_address(log, process)
        _wait_until_answering(url, "/")
        yield url, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def visit(url: str, note: Note, visitors: range) -> None:
    for n in visitors:
        answer = httpx.get(f"{url}/notes/{note.pk}", headers={"User-Agent": f"v{n}"}, timeout=30)
        assert answer.status_code == 200


def test_the_memory_buffers_loss_window_is_what_a_killed_process_held(tmp_path):
    skip_unless_postgresql()
    note = published_note()
    with web_process(tmp_path / "killed.log") as (url, process):
        visit(url, note, range(20))
        os.killpg(process.pid, signal.SIGKILL)  # master and worker, before any flush
        process.wait()
    assert count(note) == 0  # the 20 views it held: the documented loss window
    with web_process(tmp_path / "stopped.log") as (url, process):
        visit(url, note, range(20, 45))
        assert count(note) == 0  # still waiting in the process
        process.send_signal(signal.SIGTERM)  # a clean stop flushes on the way out
        process.wait(timeout=DEADLINE)
    assert count(note) == 25
