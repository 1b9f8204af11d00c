"""The pgvector path: where the PostgreSQL server has the `vector` extension, an HNSW index
in the database answers `nearest`, and no process keeps an index in memory.

Migration 0004 adds the column `embedding` (halfvec with pgvector ≥ 0.7, else vector) and
its HNSW index when the extension can be created; otherwise nothing changes and
crossnote.search.vectors uses its in-memory sign-bit index (Debian's PostgreSQL has no
pgvector). The column is written next to `codes` and cleared with it.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from django.db import connection, transaction

_kinds: dict[str, str] = {}  # database name → "vector", "halfvec", or "" (no column)


def column_type(version: str) -> str:
    major, minor = (int(part) for part in version.split(".")[:2])
    return "halfvec" if (major, minor) >= (0, 7) else "vector"


def create_sql(version: str) -> list[str]:
    kind = column_type(version)
    return [
        f"ALTER TABLE search_notevector ADD COLUMN embedding {kind}(512)",
        "CREATE INDEX search_notevector_embedding ON search_notevector"
        f" USING hnsw (embedding {kind}_cosine_ops)",
    ]


def kind() -> str:
    """The pgvector column's type in this database, "" when it has none (checked once)."""
    if connection.vendor != "postgresql":
        return ""
    name = connection.settings_dict["NAME"]
    if name not in _kinds:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                " WHERE attrelid = 'search_notevector'::regclass AND attname = 'embedding'"
                " AND NOT attisdropped"
            )
            row = cursor.fetchone()
        _kinds[name] = row[0].split("(")[0] if row else ""
    return _kinds[name]


def _literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in np.asarray(vector, dtype=np.float32)) + "]"


def write(note_id: int, vector: np.ndarray | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE search_notevector SET embedding = %s::{kind()} WHERE note_id = %s",  # noqa: S608 (a type name)
            [None if vector is None else _literal(vector), note_id],
        )


def nearest(vector: np.ndarray, limit: int, exclude: Collection[int]) -> list[tuple[int, float]]:
    literal, cast = _literal(vector), kind()
    with transaction.atomic(), connection.cursor() as cursor:
        # HNSW returns at most ef_search rows before the exclusion filter is applied.
        cursor.execute(f"SET LOCAL hnsw.ef_search = {max(40, limit + len(exclude))}")
        cursor.execute(
            f"SELECT note_id, 1 - (embedding <=> %s::{cast}) FROM search_notevector"  # noqa: S608
            " WHERE embedding IS NOT NULL AND NOT (note_id = ANY(%s))"
            f" ORDER BY embedding <=> %s::{cast} LIMIT %s",
            [literal, list(exclude), literal, limit],
        )
        return [(row[0], float(row[1])) for row in cursor.fetchall()]
