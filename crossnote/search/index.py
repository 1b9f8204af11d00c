"""Keeping the search indexes in step with published notes (called by notes.actions).

Words are indexed in the caller's transaction. Meaning is not: embedding costs tens of
milliseconds a note, so the note is marked as waiting and `search.tasks.embed_pending_notes`
embeds it after the commit, in a batch with whatever else is waiting.
"""

from __future__ import annotations

from crossnote.core.tasks import enqueue_on_commit
from crossnote.notes.models import Note
from crossnote.search import backends, embedding, tasks, vectors
from crossnote.search.tokens import words
from crossnote.tags.models import Hashtag


def index_note(note: Note) -> None:
    tags = Hashtag.objects.filter(note_tags__note=note).values_list("name", flat=True)
    head = " ".join(words(" ".join([note.title, *tags])))
    body = " ".join(words(f"{note.body} {note.place}"))
    backends.upsert(note.pk, head, body)
    text = embedding.texts_of([note.pk]).get(note.pk)
    if text is not None and vectors.mark_pending(note.pk, vectors.text_hash(text)):
        enqueue_on_commit(tasks.embed_pending_notes)


def unindex_note(note_id: int) -> None:
    backends.delete(note_id)
    vectors.remove(note_id)
