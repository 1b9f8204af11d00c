"""Embedding notes in the background, a batch at a time."""

from __future__ import annotations

from huey import crontab

from crossnote.core.tasks import background, periodic
from crossnote.search import embedding


@background()
def embed_pending_notes() -> int:
    """Embed every note waiting for its vector (published or edited), in batches.
    Idempotent: many publishes queue many of these; the first does the work, the rest find
    nothing left. Returns how many vectors were stored."""
    return embedding.embed_pending()


@periodic(crontab(minute="*/5"))
def embed_forgotten_notes() -> int:
    """What a worker killed mid-batch left waiting is embedded within five minutes."""
    return embedding.embed_pending()
