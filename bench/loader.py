"""Bulk loading rows with raw SQL: executemany on SQLite, COPY on PostgreSQL.

Secondary indexes (and, on PostgreSQL, unique constraints) of the loaded tables are dropped
while loading and built again afterwards, which is several times faster than maintaining
them row by row. Foreign keys are not checked while loading (the generator writes
consistent rows by construction).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from django.apps import apps
from django.db import connection

ROWS_PER_BATCH = 50_000


def vendor() -> str:
    return connection.vendor


def timestamp(epoch: float) -> str:
    """A UTC time as the database stores it: naive text on SQLite (as Django writes it),
    with an explicit offset on PostgreSQL (timestamptz)."""
    text = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")
    return text if connection.vendor == "sqlite" else text + "+00"


class Loader:
    """Writes rows into tables: `open()`, then `rows(...)` per table, then `close()`, which
    builds the dropped indexes again."""

    def __init__(self, tables: Sequence[str]) -> None:
        self.tables = list(tables)
        self.dropped: list[tuple[str, str]] = []  # (kind, SQL to restore)
        self.counts: dict[str, int] = {}

    def open(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._enter_sqlite()
        else:
            self._enter_postgres()

    def close(self) -> None:
        if connection.vendor == "sqlite":
            self._exit_sqlite()
        else:
            self._exit_postgres()

    # --- SQLite ------------------------------------------------------------------------
    def _enter_sqlite(self) -> None:
        raw = connection.connection
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("PRAGMA journal_mode=OFF")
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute("PRAGMA cache_size=-2000000")
        raw.execute("PRAGMA temp_store=MEMORY")
        for table in self.tables:
            rows = raw.execute(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type='index' AND tbl_name=? AND sql IS NOT NULL",
                [table],
            ).fetchall()
            for name, sql in rows:
                raw.execute(f'DROP INDEX "{name}"')
                self.dropped.append(("index", sql))
        raw.execute("BEGIN")

    def _exit_sqlite(self) -> None:
        raw = connection.connection
        raw.execute("COMMIT")
        for _kind, sql in self.dropped:
            raw.execute(sql)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=NORMAL")
        raw.execute("PRAGMA foreign_keys=ON")

    # --- PostgreSQL --------------------------------------------------------------------
    def _enter_postgres(self) -> None:
        raw = connection.connection
        raw.autocommit = True
        with raw.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '1GB'")
            cur.execute("SET synchronous_commit = off")
            try:  # skips foreign-key triggers; needs a superuser such as `postgres`
                cur.execute("SET session_replication_role = replica")
            except Exception as exc:  # only slower without it
                print(f"  (foreign keys stay checked while loading: {exc})")
            for table in self.tables:
                self._drop_postgres(cur, table)
        raw.autocommit = False

    def _drop_postgres(self, cur, table: str) -> None:
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        for name, definition in cur.fetchall():
            cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            self.dropped.append(
                ("constraint", f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            )
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = %s AND indexname NOT IN"
            " (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        for name, definition in cur.fetchall():
            cur.execute(f'DROP INDEX "{name}"')
            self.dropped.append(("index", definition))

    def _exit_postgres(self) -> None:
        raw = connection.connection
        raw.commit()
        raw.autocommit = True
        with raw.cursor() as cur:
            for _kind, sql in self.dropped:
                cur.execute(sql)
            for table in self.tables:
                cur.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_name = %s AND column_name = 'id'",
                    [table],
                )
                if cur.fetchone():
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f' (SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)'
                    )
            cur.execute("SET session_replication_role = origin")

    # --- Loading -----------------------------------------------------------------------
    def rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        """Insert `rows` (tuples in `columns` order); returns how many. Columns the
        generator does not name get their model field's default, so a field added later
        (with a default, as migrations require) does not break the bench."""
        columns, rows = _with_defaults(table, columns, rows)
        if connection.vendor == "sqlite":
            n = self._rows_sqlite(table, columns, rows)
        else:
            n = self._rows_postgres(table, columns, rows)
        self.counts[table] = self.counts.get(table, 0) + n
        return n

    def _rows_sqlite(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        raw = connection.connection
        marks = ", ".join("?" for _ in columns)
        cols = ", ".join(f'"{c}"' for c in columns)
        sql = f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'
        n = 0
        batch: list[Sequence] = []
        for row in rows:
            batch.append(row)
            if len(batch) == ROWS_PER_BATCH:
                raw.executemany(sql, batch)
                n += len(batch)
                batch = []
        if batch:
            raw.executemany(sql, batch)
            n += len(batch)
        return n

    def _rows_postgres(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
        raw = connection.connection
        cols = ", ".join(f'"{c}"' for c in columns)
        n = 0
        with raw.cursor() as cur, cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        return n


def _with_defaults(
    table: str, columns: Sequence[str], rows: Iterable[Sequence]
) -> tuple[list[str], Iterable[Sequence]]:
    """`columns` and `rows`, plus each NOT NULL column of `table`'s model that they leave
    out and whose field has a plain default (text, number, boolean, JSON)."""
    model = next((m for m in apps.get_models() if m._meta.db_table == table), None)
    extra: list[str] = []
    values: list[object] = []
    for field in model._meta.concrete_fields if model else ():
        if field.column in columns or field.null or field.primary_key:
            continue
        value = field.get_default()
        if isinstance(value, dict | list):
            value = json.dumps(value)
        if isinstance(value, str | int | float | bool):
            extra.append(field.column)
            values.append(value)
    if not extra:
        return list(columns), rows
    tail = tuple(values)
    return [*columns, *extra], (tuple(row) + tail for row in rows)


@contextmanager
def step(label: str, timings: dict[str, float]):
    """Print and record how long a generation step takes."""
    print(f"  {label}…", flush=True)
    start = time.perf_counter()
    yield
    timings[label] = time.perf_counter() - start
    print(f"  {label}: {timings[label]:.1f} s", flush=True)
