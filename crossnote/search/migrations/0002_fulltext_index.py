"""The full-text index over NoteDocument: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    from crossnote.search.backends import create_index_sql

    for statement in create_index_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    from crossnote.search.backends import drop_index_sql

    for statement in drop_index_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
