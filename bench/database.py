"""Getting an empty database for a new dataset, or finding the existing one for --reuse.

SQLite lives in the bench data directory and is simply deleted. On PostgreSQL a new
dataset drops and recreates the database named in DATABASE_URL, which the benchmark only
does when that name contains "bench" (so it never drops a database that holds real data).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

SQLITE_NAME = "crossnote.sqlite3"


def describe() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "SQLite (bench data dir)"
    config = dj_database_url.parse(url)
    return f"PostgreSQL database {config['NAME']!r} on {config.get('HOST') or 'localhost'}"


def prepare(data_dir: Path, *, fresh: bool) -> None:
    url = os.environ.get("DATABASE_URL")
    if not url:
        _prepare_sqlite(data_dir / SQLITE_NAME, fresh)
    else:
        _prepare_postgres(dj_database_url.parse(url), fresh)


def _prepare_sqlite(path: Path, fresh: bool) -> None:
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    elif not path.exists():
        raise SystemExit(f"--reuse: there is no dataset at {path}; run without --reuse first.")


def _prepare_postgres(config: dict, fresh: bool) -> None:
    import psycopg
    from psycopg import sql

    if "postgresql" not in config["ENGINE"]:
        raise SystemExit(f"Unsupported database engine {config['ENGINE']}.")
    name = config["NAME"]
    with psycopg.connect(
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not fresh:
            if not exists:
                raise SystemExit(f"--reuse: database {name!r} does not exist; run without --reuse.")
            return
        if exists:
            if "bench" not in name:
                raise SystemExit(
                    f"Refusing to drop database {name!r} to generate a dataset: its name does not"
                    " contain 'bench'. Point DATABASE_URL at a database used only for benchmarks."
                )
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
