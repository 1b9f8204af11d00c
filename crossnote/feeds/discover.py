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

Meaning. For a signed-in viewer whose likes and collects have vectors, about one note in
CROSSNOTE_DISCOVER_MEANING_EVERY (rounded up) is chosen by meaning instead: the nearest
notes to their taste (feeds.taste), in any language, that are candidates, unopened and
still below the position (so never one the scan has already consumed). They are read in
the query that reads the deferred notes, placed at every fifth slot, and remembered in the
cursor (`m`, the last MAX_REMEMBERED of them), which the scan leaves out: a note shown by
meaning is not shown again when the scan reaches it. The position never moves for them.

Opened notes. For a signed-in viewer the first pass leaves out the notes they have opened,
in the same query however many there are. When it runs out, a second pass (`p` = 1) brings
the notes they had opened before this scroll began (`t`), hottest first: Discover is empty
only when there is nothing at all the viewer may see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.engagement.models import Collect, Like, NoteView
from crossnote.feeds.taste import taste_neighbours
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
    picked: list[int] = field(default_factory=list)  # shown because of their meaning

    def encode(self) -> str:
        where = {"h": self.after[0], "i": self.after[1]} if self.after else {}
        if self.picked:
            where["m"] = self.picked
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
        picked=payload.get("m", []),
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


def _below(position: _Position) -> Q:
    if not position.after:
        return Q()
    score, last_id = position.after
    return Q(hot_score__lt=score) | Q(hot_score=score, pk__lt=last_id)


def _window(
    notes: QuerySet[Note], position: _Position, size: int, picks: list[int]
) -> tuple[list[Row], list[Row], bool]:
    """The deferred notes still there and the next ones below the position, at most
    size + MAX_DEFERRED together; the notes of `picks` still below the position and not
    shown (read with the deferred ones, in one query); and whether more follow below."""
    shown = {*position.remembered, *position.picked, *position.deferred}
    picks = [pk for pk in picks if pk not in shown]
    deferred: list[Row] = []
    picked: list[Row] = []
    if position.deferred or picks:
        wanted_deferred = set(position.deferred)
        extra = notes.filter(Q(pk__in=position.deferred) | (Q(pk__in=picks) & _below(position)))
        for row in extra.values_list(*_ROW):
            (deferred if row[0] in wanted_deferred else picked).append(row)
    wanted = max(0, size + MAX_DEFERRED - len(deferred))
    if not wanted:
        return deferred, picked, True
    below = notes.exclude(pk__in=[*position.deferred, *position.remembered, *position.picked])
    below = below.filter(_below(position))
    fresh = list(below.order_by("-hot_score", "-id").values_list(*_ROW)[: wanted + 1])
    return deferred + fresh[:wanted], picked, len(fresh) > wanted


def _choose_picks(rows: list[Row], order: list[int], slots: int, authors: set[int]) -> list[int]:
    """The first `slots` of `rows` in the taste's order, one per author."""
    rank = {pk: i for i, pk in enumerate(order)}
    chosen: list[int] = []
    for pk, author, _topic, _hot in sorted(rows, key=lambda r: rank[r[0]]):
        if len(chosen) < slots and author not in authors:
            chosen.append(pk)
            authors.add(author)
    return chosen


def _choose_with_picks(
    window: list[Row],
    pick_rows: list[Row],
    picks: list[int],
    affinity: dict[str, float],
    size: int,
    slots: int,
    authors: set[int],
) -> tuple[list[int], list[int], list[int]]:
    """The page from the window (`_choose`) with up to `slots` of its last places given to
    picks by meaning, one note per author throughout. The window's best size − slots notes
    always stay; notes a pick displaced go back to the rest (deferred). Returns the
    window's chosen, the rest, and the picks shown; `authors` grows with all of them."""
    if not slots:
        chosen, rest = _choose(window, affinity, size, authors)
        return chosen, rest, []
    author_of = {row[0]: row[1] for row in [*window, *pick_rows]}
    chosen, rest = _choose(window, affinity, size, set(authors))
    taken = authors | {author_of[pk] for pk in chosen[: max(0, size - slots)]}
    meaning = _choose_picks([r for r in pick_rows if r[0] not in chosen], picks, slots, taken)
    by_meaning = {author_of[pk] for pk in meaning}
    kept: list[int] = []
    for pk in chosen:
        if len(kept) < size - len(meaning) and author_of[pk] not in by_meaning:
            kept.append(pk)
        else:
            rest.insert(0, pk)
    # A pick the scan also brought is shown once, as a pick.
    rest = [pk for pk in rest if pk not in meaning]
    authors |= {author_of[pk] for pk in kept} | by_meaning
    return kept, rest, meaning


def _interleave(chosen: list[int], picks: list[int], every: int) -> list[int]:
    """`picks` placed at every `every`-th slot of the page (the 5th, the 10th…)."""
    page = list(chosen)
    for n, pk in enumerate(picks):
        page.insert(min(len(page), (n + 1) * every - 1), pk)
    return page


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
    picks: Sequence[int] = (),
) -> tuple[list[int], _Position | None]:
    """Up to `size` note ids from the position's pass, and the next position in that pass
    (None once the pass has nothing left). `picks`: note ids near the viewer's taste, best
    first, of which up to one in CROSSNOTE_DISCOVER_MEANING_EVERY is shown."""
    deferred = set(position.deferred)
    notes = _phase_notes(viewer, candidates, position)
    window, pick_rows, more = _window(notes, position, size, list(picks))
    every = settings.CROSSNOTE_DISCOVER_MEANING_EVERY
    slots = -(-size // every) if every > 0 and pick_rows else 0
    chosen, rest, meaning = _choose_with_picks(
        window, pick_rows, list(picks), affinity, size, slots, authors
    )
    shown = _interleave(chosen, meaning, every)
    if not rest and not more:
        return shown, None
    # The scan's rows (a pick among them included) are consumed; picks below them are not.
    fresh = [row for row in window if row[0] not in deferred]
    after = (fresh[-1][3], fresh[-1][0]) if fresh else position.after
    return shown, replace(
        position,
        after=after,
        deferred=rest,
        remembered=(position.remembered + chosen)[-MAX_REMEMBERED:],
        picked=(position.picked + meaning)[-MAX_REMEMBERED:],
    )


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
    picks = (
        taste_neighbours(viewer.pk)  # type: ignore[attr-defined]
        if signed_in and position.phase == 0 and settings.CROSSNOTE_DISCOVER_MEANING_EVERY > 0
        else []
    )
    authors: set[int] = set()
    chosen, following = _page_of_pass(viewer, candidates, position, size, affinity, authors, picks)
    if following is None and position.phase == 0 and signed_in:
        # Every note not opened yet has been shown: the ones opened before come last.
        remembered = (position.remembered + chosen)[-MAX_REMEMBERED:]
        following = _Position(1, position.started, None, [], remembered, position.picked)
        if len(chosen) < size:
            more, following = _page_of_pass(
                viewer, candidates, following, size - len(chosen), affinity, authors
            )
            chosen += more
    return Page(cards_in_order(viewer, chosen), following.encode() if following else None)
