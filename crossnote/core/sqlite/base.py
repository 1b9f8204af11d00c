"""Django's SQLite backend, with each statement's placeholders converted once per process.

Django's SQLite cursor rewrites every statement's `%s` placeholders to SQLite's `?` with a
regular expression on each execute. The statements repeat (the ORM's and the feeds' own),
and the feed's card statement is ~2 KB: rewriting it cost ~43 µs a request, more than the
newcomer badges and the JSON encoding together (bench/README.md). The rewritten text is kept
in a bounded cache keyed by the statement; everything else is Django's backend unchanged.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db.backends.sqlite3 import base

# Enough for every distinct statement shape a process runs; a shape outside it is rewritten
# again, as Django always did.
_STATEMENTS = 2048


@lru_cache(maxsize=_STATEMENTS)
def _qmark(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class CursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query: str, *, param_names: Any = None) -> str:
        if param_names is None:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name: Any = None) -> CursorWrapper:
        return self.connection.cursor(factory=CursorWrapper)
