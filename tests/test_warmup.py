"""Loading the language data in gunicorn's master before it forks (crossnote/core/warmup.py):
run in a fresh interpreter, as the master runs it, because it freezes the garbage collector
and closes connections, which a test process must not have done to it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MASTER = """
import gc, json, threading
from crossnote.core import warmup
warmup.load_in_master_before_fork()          # what gunicorn's config does first
import crossnote.wsgi                        # preload_app: the master imports the app
from django.core.management import call_command
call_command("migrate", verbosity=0)
started_a_thread = any(t.name == "crossnote-warm-up" for t in threading.enumerate())
warmup.before_fork()                         # gunicorn's when_ready
from django.db import connections
from crossnote.search import meaning, vectors
print(json.dumps({
    "thread": started_a_thread,
    "open_connections": [c.alias for c in connections.all() if c.connection is not None],
    "frozen": gc.get_freeze_count(),
    "encoder_loads": meaning.loads,
    "index_loaded": vectors._shared.index is not None,
}))
"""


def test_the_master_loads_everything_once_then_forks_with_nothing_open(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="crossnote.settings", CROSSNOTE_DATA_DIR=str(tmp_path))
    result = subprocess.run(  # noqa: S603 - our interpreter, our script
        [sys.executable, "-c", MASTER],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state == {
        "thread": False,  # no loading thread running while the master forks
        "open_connections": [],  # no database connection inherited by the workers
        "frozen": state["frozen"],
        "encoder_loads": 1,
        "index_loaded": True,
    }
    assert state["frozen"] > 10_000  # the loaded objects sit in the permanent generation
