"""Reads for comments and boards."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from crossnote.accounts.models import User
from crossnote.core.errors import NotFound
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.engagement.models import Board, Comment, CommentLike
from crossnote.notes.models import Note
from crossnote.relations.models import Block, Mute
from crossnote.relations.queries import is_authenticated

REPLIES_SHOWN = 3


def _visible_comments(viewer: object) -> QuerySet[Comment]:
    comments = Comment.objects.select_related("author__avatar", "reply_to")
    if is_authenticated(viewer):
        vid = viewer.pk  # type: ignore[attr-defined]
        comments = comments.exclude(
            Q(author_id__in=Block.objects.filter(blocker_id=vid).values("blocked_id"))
            | Q(author_id__in=Block.objects.filter(blocked_id=vid).values("blocker_id"))
            | Q(author_id__in=Mute.objects.filter(muter_id=vid).values("muted_id"))
        )
    return comments


def comments_page(
    viewer: object, note: Note, cursor: str | None, limit: int | None
) -> Page[Comment]:
    """Top-level comments, oldest first, each with its first replies in `shown_replies`.
    Comments by people the viewer blocked, was blocked by, or muted are left out."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor, f"comments:{note.pk}")
    visible = _visible_comments(viewer)
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
    for comment in top:
        comment.shown_replies = comment.all_replies[:REPLIES_SHOWN]  # type: ignore[attr-defined]
    return Page(top, encode_cursor(f"comments:{note.pk}", after=top[-1].pk) if more else None)


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
    comment = Comment.objects.select_related("note").filter(pk=comment_id, note=note).first()
    if comment is None:
        raise NotFound()
    return comment


def boards_of(owner: User, viewer: object) -> list[Board]:
    """The owner's boards the viewer may see: all of them for the owner, public ones for others."""
    boards = Board.objects.filter(owner=owner).order_by("-is_default", "id")
    mine = is_authenticated(viewer) and viewer.pk == owner.pk  # type: ignore[attr-defined]
    return list(boards if mine else boards.filter(is_private=False))
