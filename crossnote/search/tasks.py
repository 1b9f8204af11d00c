"""Embedding notes in the background, a batch at a time."""

from __future__ import annotations

from crossnote.core.tasks import background
from crossnote.search import embedding


@background()
def embed_pending_notes() -> int:
    """Embed every note waiting for its vector (published or edited), in batches.
    Idempotent: many publishes queue many of these; the first does the work, the rest find
    nothing left. Returns how many vectors were stored."""
    return embedding.embed_pending()
