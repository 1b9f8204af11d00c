"""Turning waiting notes into stored vectors: read a batch, embed it, store it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from crossnote.notes.models import Note
from crossnote.search import meaning, vectors
from crossnote.search.models import NoteVector
from crossnote.tags.models import NoteTag


def texts_of(note_ids: list[int]) -> dict[int, str]:
    """What the encoder reads for each published note among `note_ids`."""
    tags: dict[int, list[str]] = {}
    for note_id, name in (
        NoteTag.objects.filter(note_id__in=note_ids)
        .order_by("note_id", "tag__name")
        .values_list("note_id", "tag__name")
    ):
        tags.setdefault(note_id, []).append(name)
    notes = Note.objects.filter(pk__in=note_ids, state=Note.State.PUBLISHED).values_list(
        "pk", "title", "body"
    )
    return {pk: meaning.note_text(title, body, tags.get(pk, [])) for pk, title, body in notes}


def embed_batch(note_ids: list[int]) -> int:
    """Embed and store these waiting notes; notes no longer published leave the index."""
    texts = texts_of(note_ids)
    for gone in set(note_ids) - set(texts):
        vectors.remove(gone)
    if not texts:
        return 0
    ids = list(texts)
    embedded = meaning.encode_documents([texts[i] for i in ids])
    return vectors.store(
        (note_id, vectors.text_hash(texts[note_id]), vector)
        for note_id, vector in zip(ids, embedded, strict=True)
    )


def embed_pending(progress: Callable[[int], None] | None = None) -> int:
    """Embed every waiting note, CROSSNOTE_EMBEDDING_BATCH at a time, oldest change first.
    Safe to stop at any point: what is stored stays, the rest is still waiting."""
    stored = 0
    after = 0
    while True:
        batch = list(
            NoteVector.objects.filter(pending=True, seq__gt=after)
            .order_by("seq")
            .values_list("seq", "note_id")[: settings.CROSSNOTE_EMBEDDING_BATCH]
        )
        if not batch:
            return stored
        after = batch[-1][0]
        stored += embed_batch([note_id for _, note_id in batch])
        if progress:
            progress(stored)
