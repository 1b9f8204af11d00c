"""Reads for comments, likes and boards."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from crossnote.accounts.models import User
from crossnote.core.errors import NotFound
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.engagement.models import Board, Collect, Comment, CommentLike, Like
from crossnote.moderation.filters import apply_comment_filters
from crossnote.notes.models import Note
from crossnote.notes.queries import feed_notes
from crossnote.relations.queries import is_authenticated, unseen_people

REPLIES_SHOWN = 3


def _visible_comments(viewer: object) -> QuerySet[Comment]:
    """Comments the viewer is shown: not by banned people, nor by anyone blocked either way
    or muted by the viewer (relations.queries.unseen_people)."""
    return Comment.objects.exclude(unseen_people(viewer, "author"))


def shown_comment_count(viewer: object) -> Coalesce:
    """An annotation for notes: how many of a note's comments and replies the viewer is shown
    (so the count beside a note matches its list). A subquery in the note's own query."""
    shown = (
        _visible_comments(viewer)
        .filter(note_id=OuterRef("pk"))
        .order_by()
        .values("note_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(shown), 0)


def comments_page(
    viewer: object, note: Note, cursor: str | None, limit: int | None
) -> Page[Comment]:
    """Top-level comments, oldest first, each with its first replies in `shown_replies`.
    Comments by people the viewer does not see are left out, and so are those hidden by the
    viewer's keyword filters (warned ones carry `filtered`); each `reply_count` counts only
    the replies the viewer is shown."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor, f"comments:{note.pk}")
    visible = _visible_comments(viewer).select_related("author__avatar", "reply_to")
    rows = visible.filter(note=note, parent__isnull=True).order_by("id")
    if position:
        rows = rows.filter(pk__gt=position["after"])
    replies = visible.order_by("id")
    top = list(
        rows.prefetch_related(Prefetch("replies", queryset=replies, to_attr="all_replies"))[
            : size + 1
        ]
    )
    more = len(top) > size
    top = top[:size]
    next_cursor = encode_cursor(f"comments:{note.pk}", after=top[-1].pk) if more else None
    shown = apply_comment_filters(viewer, top)
    for comment in shown:
        comment.reply_count = len(comment.all_replies)  # type: ignore[attr-defined]
        comment.shown_replies = comment.all_replies[:REPLIES_SHOWN]  # type: ignore[attr-defined]
    return Page(shown, next_cursor)


def liked_comment_ids(viewer: object, comments: list[Comment]) -> set[int]:
    if not is_authenticated(viewer):
        return set()
    ids = [c.pk for c in comments] + [
        r.pk for c in comments for r in getattr(c, "shown_replies", [])
    ]
    return set(
        CommentLike.objects.filter(user_id=viewer.pk, comment_id__in=ids).values_list(
            "comment_id", flat=True
        )  # type: ignore[attr-defined]
    )


def access_comment(viewer: object, note: Note, comment_id: int) -> Comment:
    """A comment on `note` that the viewer is shown, or NotFound: nobody likes, reports or
    answers a comment they cannot see (a block hides comments both ways)."""
    comment = (
        _visible_comments(viewer).select_related("note").filter(pk=comment_id, note=note).first()
    )
    if comment is None:
        raise NotFound()
    return comment


def access_comment_to_delete(viewer: object, note: Note, comment_id: int) -> Comment:
    """A comment on `note` for the viewer to delete. Its writer and the note's author get it
    even when they no longer see it: blocking someone must not stop a person removing what
    that someone wrote under their note. Anyone else gets access_comment's answer."""
    comment = Comment.objects.select_related("note").filter(pk=comment_id, note=note).first()
    mine = is_authenticated(viewer) and viewer.pk in (  # type: ignore[attr-defined]
        getattr(comment, "author_id", None),
        note.author_id,
    )
    if comment is not None and mine:
        return comment
    return access_comment(viewer, note, comment_id)


def likers_page(viewer: object, note: Note, cursor: str | None, limit: int | None) -> Page[User]:
    """Who liked `note`, most recent first, leaving out people the viewer does not see
    (banned, blocked either way, muted). The caller fetched `note` with access_note."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor, f"likers:{note.pk}")
    likes = Like.objects.filter(note=note).exclude(unseen_people(viewer, "user")).order_by("-id")
    if position:
        likes = likes.filter(pk__lt=position["before"])
    rows = list(likes.select_related("user__avatar")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor(f"likers:{note.pk}", before=rows[-1].pk) if more else None
    return Page([like.user for like in rows], next_cursor)


def visible_boards(viewer: object) -> QuerySet[Board]:
    """The one rule for who sees a board, used by every surface (web, API, profile, counts):
    a person sees all of their own boards; anyone else sees only PUBLIC boards, and never
    those of a banned person or of someone blocked either way. A private board and what is
    in it exist for its owner alone: to anyone else it is a 404, like a missing board."""
    others = Q(is_private=False) & ~unseen_people(viewer, "owner", mutes=False)
    if is_authenticated(viewer):
        return Board.objects.filter(Q(owner_id=viewer.pk) | others)  # type: ignore[attr-defined]
    return Board.objects.filter(others)


def access_board(viewer: object, board_id: int) -> Board:
    """A board the viewer may see (visible_boards), with its owner; NotFound otherwise."""
    board = visible_boards(viewer).select_related("owner").filter(pk=board_id).first()
    if board is None:
        raise NotFound()
    return board


def boards_of(owner: User, viewer: object) -> list[Board]:
    """The owner's boards the viewer may see (visible_boards). Each carries
    `shown_note_count`: how many of its notes the viewer may see (what the board's page
    lists), so a count never tells of a note hidden from them. One query."""
    shown = (
        Collect.objects.filter(board_id=OuterRef("pk"), note_id__in=feed_notes(viewer).values("pk"))
        .order_by()
        .values("board_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    boards = (
        visible_boards(viewer)
        .filter(owner=owner)
        .annotate(shown_note_count=Coalesce(Subquery(shown), 0))
        .order_by("-is_default", "id")
    )
    return list(boards)


def board_of_note(viewer: object, note_id: int) -> int | None:
    """The id of the viewer's own board that holds note `note_id`, if they collected it."""
    if not is_authenticated(viewer):
        return None
    return (
        Collect.objects.filter(user_id=viewer.pk, note_id=note_id)  # type: ignore[attr-defined]
        .values_list("board_id", flat=True)
        .first()
    )
