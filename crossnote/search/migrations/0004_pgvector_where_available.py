"""Where the PostgreSQL server has pgvector, an HNSW-indexed `embedding` column on
search_notevector (crossnote/search/pgvector.py). Elsewhere (SQLite, a PostgreSQL without the
extension, a role that may not create it) nothing: the in-memory index serves instead."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from crossnote.search.pgvector import create_sql

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT default_version FROM pg_available_extensions WHERE name = 'vector'")
        row = cursor.fetchone()
        if row is None:
            return
        cursor.execute("SAVEPOINT crossnote_pgvector")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        except Exception:  # no privilege to create it: keep the in-memory index
            cursor.execute("ROLLBACK TO SAVEPOINT crossnote_pgvector")
            return
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        version = cursor.fetchone()[0]
    for statement in create_sql(version):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_notevector DROP COLUMN IF EXISTS embedding")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_note_vectors")]
    operations = [migrations.RunPython(create, drop)]
