"""Keeping the search index in step with published notes (called by notes.actions)."""

from __future__ import annotations

from crossnote.notes.models import Note
from crossnote.search import backends
from crossnote.search.tokens import words
from crossnote.tags.models import Hashtag


def index_note(note: Note) -> None:
    tags = Hashtag.objects.filter(note_tags__note=note).values_list("name", flat=True)
    head = " ".join(words(" ".join([note.title, *tags])))
    body = " ".join(words(f"{note.body} {note.place}"))
    backends.upsert(note.pk, head, body)


def unindex_note(note_id: int) -> None:
    backends.delete(note_id)
