"""A viewer's taste in meaning: the notes nearest to what they liked and collected lately,
in any language (the vectors are the same across English and Chinese, crossnote.search.
meaning), so a newcomer who likes English hotpot notes is shown Chinese hotpot notes too.

taste = the mean of the vectors of the viewer's last TASTE_NOTES likes and collects (within
TASTE_WINDOW), normalised; its TASTE_NEIGHBOURS nearest notes are kept in the cache for
TASTE_CACHE_SECONDS, so Discover pays for the nearest-neighbour search once per viewer per
ten minutes, not per page. The ids are not filtered for visibility: Discover filters them
with its own candidates, in the query that reads them.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from django.core.cache import cache
from django.utils import timezone

from crossnote.engagement.models import Collect, Like
from crossnote.search import vectors

TASTE_NOTES = 50
TASTE_WINDOW = timedelta(days=90)
TASTE_NEIGHBOURS = 100
TASTE_CACHE_SECONDS = 600


def _recently_liked(user_id: int) -> list[int]:
    """The notes the user liked or collected most recently (at most TASTE_NOTES)."""
    since = timezone.now() - TASTE_WINDOW
    recent: dict[int, object] = {}
    for model in (Like, Collect):
        rows = (
            model.objects.filter(user_id=user_id, created_at__gte=since)
            .order_by("-created_at")
            .values_list("note_id", "created_at")[:TASTE_NOTES]
        )
        for note_id, at in rows:
            recent[note_id] = max(at, recent.get(note_id, at))  # type: ignore[type-var]
    return sorted(recent, key=recent.__getitem__, reverse=True)[:TASTE_NOTES]  # type: ignore[arg-type]


def taste_vector(liked: list[int]) -> np.ndarray | None:
    """The normalised mean of the vectors of `liked` (those that have one), or None."""
    found = vectors.vectors_of(liked)
    if not found:
        return None
    mean = np.mean(np.stack(list(found.values())), axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 1e-6 else None


def taste_neighbours(user_id: int) -> list[int]:
    """Ids of the notes nearest in meaning to the user's taste, best first, leaving out the
    notes it is made of; empty when nothing they liked has a vector. Cached."""
    key = f"taste:{user_id}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    liked = _recently_liked(user_id)
    taste = taste_vector(liked) if liked else None
    found = [] if taste is None else vectors.nearest(taste, TASTE_NEIGHBOURS, exclude=liked)
    neighbours = [note_id for note_id, _similarity in found]
    cache.set(key, neighbours, TASTE_CACHE_SECONDS)
    return neighbours
