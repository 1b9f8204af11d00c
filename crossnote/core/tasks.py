"""The one background-task interface.

Tasks are plain functions decorated with `@background`; callers never call them directly
but `enqueue_on_commit(task, *ids)`, so a task only ever sees committed rows and only ever
receives ids (never objects). The engine is Huey: a SQLite-file queue by default (consumed
by `crossnote run_huey`, started by `make demo`), Redis at scale, and immediate in tests.
With a queue, each task goes through the outbox (crossnote.core.outbox): nothing a commit
needs is lost when the queue is down or the process dies right after the commit.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, on_startup

background = db_task
periodic = db_periodic_task


TaskArg = int | str | None | list[int]


def _plain(arg: object) -> bool:
    if isinstance(arg, list):
        return all(isinstance(item, int) for item in arg)
    return isinstance(arg, int | str | type(None))


def enqueue_on_commit(task: Callable[..., Any], *args: TaskArg) -> None:
    """Queue `task(*args)` once the surrounding transaction commits (at once if none).

    Arguments must be ids, strings or lists of ids: what a JSON queue could carry too.
    The task is written to the outbox in the surrounding transaction, so it commits or rolls
    back with the write that needs it, and is handed to the queue after the commit.
    """
    for arg in args:
        if not _plain(arg):
            raise TypeError(f"tasks take ids and strings, not {type(arg).__name__}")
    if HUEY.immediate:
        # Tests and the demo loader: the task runs in this process at the commit; there is
        # no queue for it to be lost on the way to.
        transaction.on_commit(partial(task, *args))
        return
    from crossnote.core import outbox

    row_id = outbox.record(task, args)
    transaction.on_commit(partial(outbox.dispatch, row_id, outbox.task_name(task), args))


@on_startup()
def load_language_data_at_start() -> None:
    """Workers detect, translate and embed: they load those models when they start rather
    than inside the first task (bench/memory.py reports what a worker then holds)."""
    from crossnote.core import warmup

    try:
        warmup.load_language_data()
    except Exception:
        warmup.log.exception("Loading the language data at start failed; tasks load it later")
