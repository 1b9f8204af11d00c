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


class NoteVector(models.Model):
    """A note's meaning (crossnote.search.meaning), stored compactly: int8 codes with one
    scale per vector (512 bytes + 4 for a 512-dimension vector, a quarter of float32).

    A row is one of three things: embedded (`codes` set), waiting to be (`pending`: published
    or edited, the embedding task has not run yet), or gone (neither: the note was deleted or
    hidden; kept as a tombstone so other processes' in-memory indexes learn it, see
    crossnote.search.vectors). `note_id` is not a foreign key for the same reason.

    `seq` orders changes: every write takes the next number, under a lock that makes commit
    order and number order the same, so a process that has read up to `seq` N has missed
    nothing below it.
    """

    note_id = models.BigIntegerField(primary_key=True)
    seq = models.BigIntegerField(unique=True)
    text_hash = models.CharField(max_length=32)  # of the text embedded or waiting to be
    pending = models.BooleanField(default=False)
    codes = models.BinaryField(null=True)  # int8 per dimension
    scale = models.FloatField(default=0.0)  # codes × scale ≈ the unit vector
    bits = models.BinaryField(null=True)  # the codes' signs, packed: what the index scans

    class Meta:
        indexes = [
            models.Index(
                fields=["note_id"], name="search_vector_pending", condition=models.Q(pending=True)
            )
        ]
