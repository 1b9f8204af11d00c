"""`crossnote embed_notes`: give every published note its vector (after an upgrade, a model
change, or a restore), a batch at a time, with progress.

Resumable: a note whose stored vector was made from its current text is skipped, so a run
that was stopped goes on where it was. Vectors of notes no longer published are removed.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from crossnote.notes.models import Note
from crossnote.search import embedding, vectors
from crossnote.search.models import NoteVector


class Command(BaseCommand):
    help = "Embed every published note that has no vector, or one made from older text."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = 0
        for note_id in (
            NoteVector.objects.filter(codes__isnull=False)
            .exclude(note_id__in=Note.objects.filter(state=Note.State.PUBLISHED).values("pk"))
            .values_list("note_id", flat=True)
        ):
            vectors.remove(note_id)
            removed += 1
        published = Note.objects.filter(state=Note.State.PUBLISHED)
        total = published.count()
        size = settings.CROSSNOTE_EMBEDDING_BATCH
        seen = stored = 0
        after = 0
        started = time.monotonic()
        while ids := list(
            published.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:size]
        ):
            after = ids[-1]
            seen += len(ids)
            texts = embedding.texts_of(ids)
            waiting = vectors.mark_pending_many(
                {note_id: vectors.text_hash(text) for note_id, text in texts.items()}
            )
            if waiting:
                stored += embedding.embed_batch(waiting)
            rate = stored / max(time.monotonic() - started, 1e-9)
            self.stdout.write(
                f"\r{seen}/{total} notes checked, {stored} embedded ({rate:.0f}/s)", ending=""
            )
        self.stdout.write(
            f"\nDone: {stored} notes embedded, {seen - stored} already up to date,"
            f" {removed} vectors of unpublished notes removed."
        )
