"""Dropping this test's own PostgreSQL connections for real, from a second connection.

Only backends of the current test database are ever ended (the server is shared): every
statement filters on `datname = current_database()`, run from a connection to that database.
"""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

# Wait this long (ms) for an ended backend to be gone, so the next statement on its
# connection fails for sure instead of racing the backend's exit.
TERMINATE_WAIT_MS = 5000


def skip_unless_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("ends PostgreSQL backends (the PostgreSQL + Redis profile)")


class Terminator:
    """A second connection to the test database that ends the app's backends."""

    def __init__(self) -> None:
        params = connection.settings_dict
        self.conn = psycopg.connect(
            dbname=params["NAME"],
            user=params["USER"] or None,
            password=params["PASSWORD"] or None,
            host=params["HOST"] or None,
            port=params["PORT"] or None,
            autocommit=True,
        )

    @staticmethod
    def app_pid() -> int:
        """The backend behind Django's connection in this thread."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    def terminate(self, pid: int) -> bool:
        row = self.conn.execute(
            "SELECT pg_terminate_backend(pid, %s) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid = %s",
            (TERMINATE_WAIT_MS, pid),
        ).fetchone()
        return bool(row and row[0])

    def terminate_others(self, spare: int | None = None) -> dict[str, int]:
        """End every other backend of this database but `spare` (the test's own); counts of
        those that were busy (in a query) and idle."""
        rows = self.conn.execute(
            "SELECT state, pg_terminate_backend(pid, %s) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND pid <> %s AND backend_type = 'client backend'",
            (TERMINATE_WAIT_MS, spare or 0),
        ).fetchall()
        counts = {"active": 0, "idle": 0}
        for state, ended in rows:
            if ended:
                counts["active" if state == "active" else "idle"] += 1
        return counts

    def close(self) -> None:
        self.conn.close()
