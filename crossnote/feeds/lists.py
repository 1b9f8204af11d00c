"""Simple newest-first lists: a person's notes, a hashtag's notes, a board's notes."""

from __future__ import annotations

from django.db.models import QuerySet

from crossnote.accounts.models import User
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.engagement.models import Board, Collect
from crossnote.notes.models import Note
from crossnote.notes.queries import as_cards, cards_in_order, feed_notes, visible_notes
from crossnote.tags.models import Hashtag, NoteTag


def _newest_first(
    notes: QuerySet[Note], kind: str, cursor: str | None, limit: int | None
) -> Page[Note]:
    size = clamp_limit(limit)
    position = decode_cursor(cursor, kind)
    if position:
        notes = notes.filter(pk__lt=position["before"])
    items = list(notes.order_by("-id")[: size + 1])
    more = len(items) > size
    items = items[:size]
    return Page(items, encode_cursor(kind, before=items[-1].pk) if more else None)


def user_notes_page(
    viewer: object, author: User, cursor: str | None, limit: int | None
) -> Page[Note]:
    """A person's notes. `author` comes from access_user, which finds a banned person only
    for moderators: so their notes are listed exactly when their profile can be opened."""
    notes = visible_notes(viewer, include_banned=not author.is_active).filter(author=author)
    notes = as_cards(notes, viewer)
    return _newest_first(notes, f"user:{author.pk}", cursor, limit)


def tag_notes_page(
    viewer: object, tag: Hashtag, cursor: str | None, limit: int | None
) -> Page[Note]:
    """Notes of a topic: the tag and its aliases (tags.queries.get_tag sets `group_ids`)."""
    group = getattr(tag, "group_ids", [tag.pk])
    tagged = NoteTag.objects.filter(tag_id__in=group).values("note_id")
    return _newest_first(feed_notes(viewer).filter(pk__in=tagged), f"tag:{tag.pk}", cursor, limit)


def board_notes_page(
    viewer: object, board: Board, cursor: str | None, limit: int | None
) -> Page[Note]:
    """Notes in a board, most recently collected first."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor, f"board:{board.pk}")
    collects = Collect.objects.filter(board=board).order_by("-id")
    if position:
        collects = collects.filter(pk__lt=position["before"])
    rows = list(collects.values_list("pk", "note_id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    notes = cards_in_order(viewer, [note_id for _pk, note_id in rows])
    return Page(notes, encode_cursor(f"board:{board.pk}", before=rows[-1][0]) if more else None)
