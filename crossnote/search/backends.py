"""Full-text matching: SQLite FTS5 or PostgreSQL full-text search, chosen by the database.

Both index the pre-segmented words of NoteDocument and answer the same question: which
notes contain every query word, best first (title and tags count three times the body),
newest first on ties.
"""

from __future__ import annotations

from django.db import connection

from crossnote.search.models import NoteDocument

FTS_TABLE = "search_note_fts"


def _fts5_query(words: list[str]) -> str:
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def upsert(note_id: int, head: str, body: str) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [note_id])  # noqa: S608
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, head, body) VALUES (%s, %s, %s)",  # noqa: S608
                [note_id, head, body],
            )
    NoteDocument.objects.update_or_create(note_id=note_id, defaults={"head": head, "body": body})


def delete(note_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [note_id])  # noqa: S608
    NoteDocument.objects.filter(note_id=note_id).delete()


def match(words: list[str], limit: int, offset: int = 0) -> list[int]:
    """Note ids containing every word, best first, newest first on ties."""
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
                f" ORDER BY bm25({FTS_TABLE}, 3.0, 1.0), rowid DESC LIMIT %s OFFSET %s",
                [_fts5_query(words), limit, offset],
            )
        else:
            cursor.execute(
                "SELECT note_id FROM search_notedocument, plainto_tsquery('simple', %s) q"
                " WHERE vector @@ q ORDER BY ts_rank(vector, q) DESC, note_id DESC"
                " LIMIT %s OFFSET %s",
                [" ".join(words), limit, offset],
            )
        return [row[0] for row in cursor.fetchall()]


def create_index_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "head, body, tokenize = 'unicode61 remove_diacritics 2')"
        ]
    return [
        "ALTER TABLE search_notedocument ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', head), 'A') || setweight(to_tsvector('simple', body), 'B')"
        ") STORED",
        "CREATE INDEX search_notedocument_vector_idx ON search_notedocument USING gin (vector)",
    ]


def drop_index_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TABLE IF EXISTS {FTS_TABLE}"]
    return ["ALTER TABLE search_notedocument DROP COLUMN IF EXISTS vector"]
