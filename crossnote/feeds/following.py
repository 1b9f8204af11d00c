"""The Following feed: notes of the people you follow, newest first.

Most authors' notes are written into their followers' timelines when published
(fan-out on write, feeds.tasks). Authors with more followers than FANOUT_LIMIT are not:
their notes are pulled at read time and merged in, so one post never means a million writes.

Which notes a follower may see is simpler than `visible_notes`: public and followers-only
notes of people they follow, minus the people relations.queries' rule hides (banned,
blocked either way, muted). With timelines in the database, entries and notes are read in
one query; with Redis, a page of ids comes from Redis first.
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from crossnote.accounts.models import User
from crossnote.core.outage import RedisUnavailable
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.feeds.stores import DatabaseTimelineStore, timeline_store
from crossnote.notes.card_rows import CardRow, card_rows
from crossnote.notes.models import Note
from crossnote.notes.queries import as_cards
from crossnote.relations.models import Follow
from crossnote.relations.queries import shown_people_sql

PULL_AUTHORS_SECONDS = 300
T = TypeVar("T", Note, CardRow)


def _pull_authors_key(viewer_id: int) -> str:
    return f"pull-authors:{viewer_id}"


def forget_pull_authors(viewer_id: int) -> None:
    """Called when the viewer follows or unfollows someone."""
    cache.delete(_pull_authors_key(viewer_id))


def pull_author_ids(viewer_id: int) -> list[int]:
    """Followed authors too popular to fan out; cached, as the answer rarely changes."""

    def find() -> list[int]:
        big = Follow.objects.filter(
            follower_id=viewer_id, followee__follower_count__gt=settings.CROSSNOTE_FANOUT_LIMIT
        )
        return list(big.values_list("followee_id", flat=True))

    return cache.get_or_set(_pull_authors_key(viewer_id), find, PULL_AUTHORS_SECONDS)


# Who is shown whom (banned, blocked either way, muted): relations.queries' one rule, as
# SQL. A banned person's follows stay, for an unban to restore; a block ends follows both
# ways, but a follow racing a block can outlive it, so blocks are checked here too.
_SHOWN, _SHOWN_PARAMS = shown_people_sql("n.author_id", "a.is_active")
# Which notes of a page's sources the viewer sees (the module docstring's rules), as SQL:
# the feed is read on every app open, and a raw statement costs a fraction of compiling the
# equivalent queryset. `{source}` is where the ids come from (`{where}` narrows it),
# `{shown}` is _SHOWN.
_SOURCE_SQL = (
    "SELECT id FROM (SELECT {key} AS id FROM {source} JOIN accounts_user a ON a.id = n.author_id"
    " WHERE {where} AND n.state = 'published' AND n.visibility IN ('public', 'followers')"
    " AND n.author_id IN (SELECT followee_id FROM relations_follow WHERE follower_id = %s)"
    " AND {shown}"
    "{before} ORDER BY {key} DESC LIMIT {count}) {name}"
)
# Walking the viewer's entries newest first (their (owner, note) index, hence `{key}`
# t.note_id, equal to n.id) stops after a page; `n.id IN (entries)` gathered all 800 first.
_TIMELINE = "feeds_timelineentry t JOIN notes_note n ON n.id = t.note_id"


def _marks(values: list[int]) -> str:
    return ", ".join(["%s"] * len(values))


def _page_ids_sql(viewer_id: int, before: int | None, count: int) -> tuple[str, list]:
    """A SELECT of the ids of the viewer's newest `count` notes older than `before`: the
    newest of each source (timeline, pulled authors), which the caller trims to `count`.
    ("", []) when there is no source at all."""
    store = timeline_store()
    sources: list[tuple[str, str, str, str, list]] = []
    if isinstance(store, DatabaseTimelineStore):
        sources.append(("pushed", _TIMELINE, "t.note_id", "t.owner_id = %s", [viewer_id]))
    else:
        try:
            pushed = store.page(viewer_id, before, count)
        except RedisUnavailable:
            # The timeline is a cache of exactly these rows: with Redis down, the page is
            # read from every followed author's notes (the source's own rules), pulled
            # authors included.
            return _assemble(
                [("rebuilt", "notes_note n", "n.id", "1 = 1", [])], viewer_id, before, count
            )
        if pushed:
            where = f"n.id IN ({_marks(pushed)})"
            sources.append(("pushed", "notes_note n", "n.id", where, pushed))
    pulled = pull_author_ids(viewer_id)
    if pulled:
        where = f"n.author_id IN ({_marks(pulled)})"
        sources.append(("pulled", "notes_note n", "n.id", where, pulled))
    return _assemble(sources, viewer_id, before, count)


def _assemble(
    sources: list[tuple[str, str, str, str, list]], viewer_id: int, before: int | None, count: int
) -> tuple[str, list]:
    parts, params = [], []
    for name, source, key, where, values in sources:
        parts.append(
            _SOURCE_SQL.format(
                source=source,
                key=key,
                where=where,
                before="" if before is None else f" AND {key} < %s",
                count=int(count),
                name=name,
                shown=_SHOWN,
            )
        )
        shown = [viewer_id] * _SHOWN_PARAMS
        params += [*values, viewer_id, *shown, *([] if before is None else [before])]
    return " UNION ".join(parts), params


def _position(cursor: str | None) -> int | None:
    position = decode_cursor(cursor, "following")
    return position["before"] if position else None


def _page(items: list[T], size: int, before: int | None) -> Page[T]:
    window = items[:size]
    more = len(items) > size
    next_cursor = encode_cursor("following", before=window[-1].pk) if more and window else None
    return Page(window, next_cursor)


def following_cards(viewer: User, cursor: str | None, limit: int | None) -> Page[CardRow]:
    """A page of the viewer's Following feed as card rows (for the API): one query."""
    size = clamp_limit(limit)
    before = _position(cursor)
    sql, params = _page_ids_sql(viewer.pk, before, size + 1)
    rows = card_rows(sql, params, viewer.pk, size + 1) if sql else []
    return _page(rows, size, before)


def following_page(viewer: User, cursor: str | None, limit: int | None) -> Page[Note]:
    """The same page as Note instances with what a card shows (for templates)."""
    size = clamp_limit(limit)
    before = _position(cursor)
    sql, params = _page_ids_sql(viewer.pk, before, size + 1)
    notes: list[Note] = []
    if sql:
        with connection.cursor() as db:
            db.execute(sql, params)
            ids = sorted((row[0] for row in db.fetchall()), reverse=True)[: size + 1]
        notes = list(as_cards(Note.objects.filter(pk__in=ids), viewer).order_by("-id"))
    return _page(notes, size, before)
