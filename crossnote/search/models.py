from django.db import models


class NoteDocument(models.Model):
    """A published note's text as the search index sees it: segmented into words (jieba for
    Chinese), lower-cased and stemmed (English), space-separated.

    On SQLite an FTS5 table indexes these columns; on PostgreSQL a generated tsvector column
    with a GIN index does (migration 0002 creates whichever the database needs).
    """

    note = models.OneToOneField(
        "notes.Note", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    head = models.TextField()  # title and hashtags: weighted above the body
    body = models.TextField()
