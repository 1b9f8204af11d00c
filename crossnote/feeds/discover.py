"""The Discover feed: fresh, engaging notes, tilted toward the topics the viewer likes.

score = note.hot_score (freshness + engagement per view, see notes.scoring)
        + AFFINITY_WEIGHT × the share of the viewer's recent likes and collects in its topic

The topics chosen while onboarding count as INTEREST_PRIOR likes each, so a newcomer's
first page already leans toward them and their own likes soon take over.

Each page takes a pool of the POOL hottest candidates from an index, drops notes the viewer
has already opened and their own notes, scores the rest, and keeps at most one note per
author. The cursor carries the last (score, id): because the affinity bonus is never
negative, every note left to show has hot_score at most that score, so the next pool is
again an index range, never an offset. Notes passed over for an author already on the page
travel in the cursor and lead the next page.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.engagement.models import Collect, Like, NoteView
from crossnote.notes.models import Note, Topic, Visibility
from crossnote.notes.queries import cards_in_order
from crossnote.relations.queries import is_authenticated, unseen_people

POOL = 300
AFFINITY_WEIGHT = 1.0
AFFINITY_WINDOW = timedelta(days=90)
AFFINITY_CACHE_SECONDS = 600
MAX_DEFERRED = 50
INTEREST_PRIOR = 2


def topic_affinity(user_id: int, interests: list[str] | tuple[str, ...] = ()) -> dict[str, float]:
    """Share per topic of the user's recent likes and collects, with each chosen interest
    counted as INTEREST_PRIOR of them (sums to 1, or empty)."""
    key = f"affinity:{user_id}:{','.join(sorted(interests))}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    since = timezone.now() - AFFINITY_WINDOW
    counts: dict[str, int] = {}
    for model in (Like, Collect):
        rows = (
            model.objects.filter(user_id=user_id, created_at__gte=since)
            .values("note__topic")
            .annotate(n=Count("id"))
        )
        for row in rows:
            counts[row["note__topic"]] = counts.get(row["note__topic"], 0) + row["n"]
    for topic in interests:
        counts[topic] = counts.get(topic, 0) + INTEREST_PRIOR
    total = sum(counts.values())
    affinity = {t: n / total for t, n in counts.items()} if total else {}
    cache.set(key, affinity, AFFINITY_CACHE_SECONDS)
    return affinity


def discover_candidates(viewer: object) -> QuerySet[Note]:
    """Public notes of public accounts, minus people the viewer blocked, was blocked by or
    muted: what may be recommended to anyone. (Notes of private accounts are for their
    followers' Following feed, never for Discover.) A narrower rule than `visible_notes`,
    which also lets the planner estimate it well."""
    notes = Note.objects.filter(
        state=Note.State.PUBLISHED, visibility=Visibility.PUBLIC, author__is_private=False
    )
    # Banned people are recommended to nobody; blocked either way and muted, not to the viewer.
    hidden = unseen_people(viewer, "author")
    if is_authenticated(viewer):
        hidden |= Q(author_id=viewer.pk)  # type: ignore[attr-defined]
    notes = notes.exclude(hidden)
    return notes


def discover_page(
    viewer: object, topic: str | None, cursor: str | None, limit: int | None
) -> Page[Note]:
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "discover")
    candidates = discover_candidates(viewer)
    if topic:
        candidates = candidates.filter(topic=topic if topic in Topic.values else "-")
    signed_in = is_authenticated(viewer)
    deferred: list[int] = position.get("d", []) if position else []
    if position:
        candidates = candidates.filter(Q(hot_score__lte=position["s"]) | Q(pk__in=deferred))
    pool = list(
        candidates.order_by("-hot_score", "-id").values_list(
            "pk", "author_id", "topic", "hot_score"
        )[:POOL]
    )
    seen: set[int] = set()
    affinity: dict[str, float] = {}
    if signed_in and pool:
        seen = set(
            NoteView.objects.filter(
                viewer_key=f"u:{viewer.pk}",
                note_id__in=[p[0] for p in pool],  # type: ignore[attr-defined]
            ).values_list("note_id", flat=True)
        )
        affinity = topic_affinity(viewer.pk, viewer.interests)  # type: ignore[attr-defined]
    scored = sorted(
        (
            (hot + AFFINITY_WEIGHT * affinity.get(t, 0.0), pk, author)
            for pk, author, t, hot in pool
            if pk not in seen
        ),
        reverse=True,
    )
    if position:
        last = (position["s"], position["i"])
        scored = [s for s in scored if (s[0], s[1]) < last or s[1] in deferred]
        scored.sort(key=lambda s: (s[1] in deferred, s[0], s[1]), reverse=True)
    chosen: list[tuple[float, int, int]] = []
    passed_over: list[int] = []
    authors: set[int] = set()
    for item in scored:
        if len(chosen) == size:
            break
        if item[2] in authors:
            passed_over.append(item[1])
            continue
        chosen.append(item)
        authors.add(item[2])
    if not chosen:
        return Page([], None)
    fresh = [(c[0], c[1]) for c in chosen if c[1] not in deferred]
    last_score, last_id = min(fresh) if fresh else (position["s"], position["i"])  # type: ignore[index]
    remaining = len(scored) > len(chosen) or len(pool) == POOL
    next_cursor = (
        encode_cursor("discover", s=last_score, i=last_id, d=passed_over[:MAX_DEFERRED])
        if remaining
        else None
    )
    return Page(cards_in_order(viewer, [c[1] for c in chosen]), next_cursor)
