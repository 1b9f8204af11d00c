"""The one background-task interface.

Tasks are plain functions decorated with `@background`; callers never call them directly
but `enqueue_on_commit(task, *ids)`, so a task only ever sees committed rows and only ever
receives ids (never objects). The engine is Huey: a SQLite-file queue by default (consumed
by `crossnote run_huey`, started by `make demo`), Redis at scale, and immediate in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from huey.contrib.djhuey import db_periodic_task, db_task

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
    """
    for arg in args:
        if not _plain(arg):
            raise TypeError(f"tasks take ids and strings, not {type(arg).__name__}")
    transaction.on_commit(partial(task, *args))
