"""The Discover feed: fresh, engaging notes, tilted toward the topics the viewer likes.

score = note.hot_score (freshness + engagement per view, see notes.scoring)
        + AFFINITY_WEIGHT × the share of the viewer's recent likes and collects in its topic

The topics chosen while onboarding count as INTEREST_PRIOR likes each, so a newcomer's
first page already leans toward them and their own likes soon take over.

Paging. The cursor holds a position in the hot_score index, (h, i): every candidate above
it has been *consumed*, that is shown, or waiting in the cursor's deferred list `d`. A page
is a window of the deferred notes and the next notes below the position (at most
size + MAX_DEFERRED together), ranked by score; the best of them are shown, one note per
author, and the rest of the window is deferred. The position moves only past notes that
were shown or deferred, so nothing is skipped and nothing above it comes back; a page
always shows something while anything is left. Scores move while someone scrolls (views
lower them, likes raise them): the ids shown lately (`r`, the last MAX_REMEMBERED) are
left out as well, so a note that sinks below the position is not shown twice.

Opened notes. For a signed-in viewer the first pass leaves out the notes they have opened,
in the same query however many there are. When it runs out, a second pass (`p` = 1) brings
the notes they had opened before this scroll began (`t`), hottest first: Discover is empty
only when there is nothing at all the viewer may see.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.engagement.models import Collect, Like, NoteView
from crossnote.notes.models import Note, Topic, Visibility
from crossnote.notes.queries import cards_in_order
from crossnote.relations.queries import is_authenticated, unseen_people

AFFINITY_WEIGHT = 1.0
AFFINITY_WINDOW = timedelta(days=90)
AFFINITY_CACHE_SECONDS = 600
MAX_DEFERRED = 50
MAX_REMEMBERED = 200
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


@dataclass(frozen=True)
class _Position:
    """Where a scroll through Discover is (see the module's docstring)."""

    phase: int  # 0: notes the viewer has not opened; 1: those opened before `started`
    started: str  # when the scroll began, ISO 8601
    after: tuple[float, int] | None  # (hot_score, id) of the last note consumed
    deferred: list[int]
    remembered: list[int]

    def encode(self) -> str:
        where = {"h": self.after[0], "i": self.after[1]} if self.after else {}
        return encode_cursor(
            "discover", p=self.phase, t=self.started, d=self.deferred, r=self.remembered, **where
        )


def _position(cursor: str | None) -> _Position:
    payload = decode_cursor(cursor, "discover")
    if payload is None:
        return _Position(0, timezone.now().isoformat(), None, [], [])
    # Cursors made before positions were named `h` carried the score as `s`.
    score = payload.get("h", payload.get("s"))
    return _Position(
        phase=payload.get("p", 0),
        started=payload.get("t") or timezone.now().isoformat(),
        after=(score, payload["i"]) if score is not None else None,
        deferred=payload.get("d", []),
        remembered=payload.get("r", []),
    )


def _phase_notes(viewer: object, candidates: QuerySet[Note], position: _Position) -> QuerySet:
    """The candidates of the position's pass: for a signed-in viewer, the notes they have
    not opened (pass 0) or those they opened before the scroll began (pass 1)."""
    if not is_authenticated(viewer):
        return candidates
    opened = NoteView.objects.filter(viewer_key=f"u:{viewer.pk}", note=OuterRef("pk"))  # type: ignore[attr-defined]
    if position.phase == 0:
        return candidates.exclude(Exists(opened))
    started = datetime.fromisoformat(position.started)
    return candidates.filter(Exists(opened.filter(counted_at__lt=started)))


_ROW = ("pk", "author_id", "topic", "hot_score")
Row = tuple[int, int, str, float]


def _window(notes: QuerySet[Note], position: _Position, size: int) -> tuple[list[Row], bool]:
    """The deferred notes still there and the next ones below the position, at most
    size + MAX_DEFERRED together; and whether more follow below the window."""
    deferred = list(notes.filter(pk__in=position.deferred).values_list(*_ROW))
    wanted = max(0, size + MAX_DEFERRED - len(deferred))
    if not wanted:
        return deferred, True
    below = notes.exclude(pk__in=[*position.deferred, *position.remembered])
    if position.after:
        score, last_id = position.after
        below = below.filter(Q(hot_score__lt=score) | Q(hot_score=score, pk__lt=last_id))
    fresh = list(below.order_by("-hot_score", "-id").values_list(*_ROW)[: wanted + 1])
    return deferred + fresh[:wanted], len(fresh) > wanted


def _choose(
    window: list[Row], affinity: dict[str, float], size: int, authors: set[int]
) -> tuple[list[int], list[int]]:
    """The best `size` notes of the window by score, one per author (`authors` are those
    already on the page, and grow), and the rest of the window."""
    ranked = sorted(
        window, key=lambda r: (r[3] + AFFINITY_WEIGHT * affinity.get(r[2], 0.0), r[0]), reverse=True
    )
    chosen: list[int] = []
    rest: list[int] = []
    for pk, author, _topic, _hot in ranked:
        if len(chosen) < size and author not in authors:
            chosen.append(pk)
            authors.add(author)
        else:
            rest.append(pk)
    return chosen, rest


def _page_of_pass(
    viewer: object,
    candidates: QuerySet[Note],
    position: _Position,
    size: int,
    affinity: dict[str, float],
    authors: set[int],
) -> tuple[list[int], _Position | None]:
    """Up to `size` note ids from the position's pass, and the next position in that pass
    (None once the pass has nothing left)."""
    deferred = set(position.deferred)
    window, more = _window(_phase_notes(viewer, candidates, position), position, size)
    chosen, rest = _choose(window, affinity, size, authors)
    if not rest and not more:
        return chosen, None
    fresh = [row for row in window if row[0] not in deferred]
    after = (fresh[-1][3], fresh[-1][0]) if fresh else position.after
    remembered = (position.remembered + chosen)[-MAX_REMEMBERED:]
    return chosen, replace(position, after=after, deferred=rest, remembered=remembered)


def discover_page(
    viewer: object, topic: str | None, cursor: str | None, limit: int | None
) -> Page[Note]:
    size = clamp_limit(limit)
    position = _position(cursor)
    candidates = discover_candidates(viewer)
    if topic:
        candidates = candidates.filter(topic=topic if topic in Topic.values else "-")
    signed_in = is_authenticated(viewer)
    affinity = topic_affinity(viewer.pk, viewer.interests) if signed_in else {}  # type: ignore[attr-defined]
    authors: set[int] = set()
    chosen, following = _page_of_pass(viewer, candidates, position, size, affinity, authors)
    if following is None and position.phase == 0 and signed_in:
        # Every note not opened yet has been shown: the ones opened before come last.
        remembered = (position.remembered + chosen)[-MAX_REMEMBERED:]
        following = _Position(1, position.started, None, [], remembered)
        if len(chosen) < size:
            more, following = _page_of_pass(
                viewer, candidates, following, size - len(chosen), affinity, authors
            )
            chosen += more
    return Page(cards_in_order(viewer, chosen), following.encode() if following else None)
