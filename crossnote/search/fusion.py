"""Hybrid search's two halves and how they are merged.

The full-text half finds exact words (2-character Chinese words, names, tags); the meaning
half finds notes that say the same thing in other words or in the other language ("coffee"
→ 咖啡, "Great Wall in winter" → 冬天去长城). Reciprocal-rank fusion merges the two
rankings using ranks only: BM25 scores and cosine similarities are not on one scale, and
RRF needs no weights tuned per query. A note found by both halves rises to the top.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection, Sequence

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

# The usual constant of reciprocal-rank fusion (Cormack et al., 2009): large enough that the
# first few ranks of one list do not drown the other list, small enough that rank matters.
RRF_K = 60
QUERY_VECTOR_TTL = 3600


def fuse(*rankings: Sequence[int], k: int | None = None) -> list[int]:
    """Note ids of every ranking, by the sum of 1 / (k + rank) over the rankings they are
    in (rank from 1; k defaults to RRF_K). Ties keep the first ranking's order (the
    full-text match: exact words decide between equals), then the newest (highest id)."""
    k = RRF_K if k is None else k
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, note_id in enumerate(ranking, start=1):
            scores[note_id] = scores.get(note_id, 0.0) + 1.0 / (k + rank)
    first = {note_id: rank for rank, note_id in enumerate(rankings[0])} if rankings else {}
    last = len(first)
    return sorted(scores, key=lambda i: (-scores[i], first.get(i, last), -i))


def meaning_enabled() -> bool:
    return bool(settings.CROSSNOTE_SEARCH_MEANING)


def nearest_in_meaning(vector: object, limit: int, exclude: Collection[int] = ()) -> list[int]:
    """Ids of the notes nearest `vector`, best first, at least the minimum similarity
    (CROSSNOTE_SEARCH_MIN_SIMILARITY). Not visibility-filtered: callers pass them through
    cards_in_order. An unavailable meaning index gives [] (and a log line), so search still
    answers with the full-text half instead of failing."""
    from crossnote.search import vectors

    floor = settings.CROSSNOTE_SEARCH_MIN_SIMILARITY
    try:
        hits = vectors.nearest(vector, limit, exclude)
    except Exception:
        log.exception("The meaning index is unavailable; answering with words only")
        return []
    return [note_id for note_id, similarity in hits if similarity >= floor]


def meaning_matches(q: str, limit: int) -> list[int]:
    """Ids of the notes closest in meaning to the query `q`, best first (see above)."""
    from crossnote.search import meaning

    # Encoding a query costs milliseconds of CPU; people search the same words again
    # (paging, popular topics), so vectors are cached like the dictionary glosses.
    key = "search-meaning:" + hashlib.sha256(q.encode()).hexdigest()[:32]
    vector = cache.get(key)
    if vector is None:
        try:
            vector = meaning.encode_query(q)
        except Exception:
            log.exception("The sentence encoder failed; answering with words only")
            return []
        cache.set(key, vector, QUERY_VECTOR_TTL)
    return nearest_in_meaning(vector, limit)
