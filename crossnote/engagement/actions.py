"""Writes for likes, collects, boards, comments and views.

Each counter changes in the same transaction as the row it counts, and only when that row
was really created or deleted, so repeating a request never moves a count twice.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.accounts.queries import resolve_mentions
from crossnote.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from crossnote.core.tasks import enqueue_on_commit
from crossnote.core.text import clean_text
from crossnote.engagement.models import Board, Collect, Comment, CommentLike, Like, NoteView
from crossnote.idempotency.actions import Once
from crossnote.moderation.limits import check_rate, is_new
from crossnote.moderation.nudge import check_kindness
from crossnote.moderation.permissions import ensure_can_act
from crossnote.notes.models import Kind, Note
from crossnote.notes.scoring import hot_score_expression, refresh_hot_score
from crossnote.notifications import tasks as notify
from crossnote.relations.queries import blocked_either_way_ids, is_blocked_either_way
from crossnote.tags.actions import record_tag_views
from crossnote.tags.models import NoteTag
from crossnote.tags.parsing import parse_mentions
from crossnote.translation.detection import detect_language, language_hint
from crossnote.translation.models import Translation

VIEW_WINDOW = timedelta(minutes=30)
MAX_COMMENT_LENGTH = 500
MAX_BOARDS = 100
MAX_BOARD_NAME = 40
DEFAULT_BOARD_NAME = "Collected"


def do_like(user: User, note: Note) -> bool:
    """Like `note`. Idempotent: returns False if it was already liked."""
    ensure_can_act(user)
    with transaction.atomic():
        _row, created = Like.objects.get_or_create(user=user, note=note)
        if created:
            Note.objects.filter(pk=note.pk).update(like_count=F("like_count") + 1)
            refresh_hot_score(note.pk)
            enqueue_on_commit(notify.notify, "like", user.pk, note.author_id, note.pk)
    return created


def do_unlike(user: User, note: Note) -> bool:
    with transaction.atomic():
        deleted, _rows = Like.objects.filter(user=user, note=note).delete()
        if deleted:
            Note.objects.filter(pk=note.pk).update(like_count=F("like_count") - 1)
            refresh_hot_score(note.pk)
    return bool(deleted)


def default_board(user: User) -> Board:
    board = Board.objects.filter(owner=user, is_default=True).first()
    if board:
        return board
    try:
        with transaction.atomic():
            return Board.objects.create(owner=user, name=DEFAULT_BOARD_NAME, is_default=True)
    except IntegrityError:
        return Board.objects.get(owner=user, is_default=True)


def _own_board(user: User, board_id: int | None) -> Board:
    if board_id is None:
        return default_board(user)
    board = Board.objects.filter(owner=user, pk=board_id).first()
    if board is None:
        raise NotFound(_("You have no board with that id."))
    return board


def do_collect(user: User, note: Note, board_id: int | None = None) -> Collect:
    """Keep `note` in one of the user's boards (the default one unless told). Collecting a
    collected note again moves it to the named board."""
    ensure_can_act(user)
    with transaction.atomic():
        board = _own_board(user, board_id)
        existing = Collect.objects.select_for_update().filter(user=user, note=note).first()
        if existing:
            if existing.board_id != board.pk:
                Board.objects.filter(pk=existing.board_id).update(note_count=F("note_count") - 1)
                Board.objects.filter(pk=board.pk).update(note_count=F("note_count") + 1)
                existing.board = board
                existing.save(update_fields=["board"])
            return existing
        collect = Collect.objects.create(user=user, note=note, board=board)
        Board.objects.filter(pk=board.pk).update(note_count=F("note_count") + 1)
        Note.objects.filter(pk=note.pk).update(collect_count=F("collect_count") + 1)
        refresh_hot_score(note.pk)
        enqueue_on_commit(notify.notify, "collect", user.pk, note.author_id, note.pk)
    return collect


def do_uncollect(user: User, note: Note) -> bool:
    with transaction.atomic():
        collect = Collect.objects.select_for_update().filter(user=user, note=note).first()
        if collect is None:
            return False
        collect.delete()
        Board.objects.filter(pk=collect.board_id).update(note_count=F("note_count") - 1)
        Note.objects.filter(pk=note.pk).update(collect_count=F("collect_count") - 1)
        refresh_hot_score(note.pk)
    return True


def _board_name(user: User, name: str, board_id: int | None = None) -> str:
    """A board name as stored: spaces collapsed, 1 to 40 characters, and not the name of
    another of the user's boards (case-insensitive: "Trips" and "trips" are one name)."""
    name = " ".join(clean_text(name or "").split())
    if not name or len(name) > MAX_BOARD_NAME:
        raise InvalidInput(
            _("A board name has 1 to %(max)d characters.") % {"max": MAX_BOARD_NAME},
            code="invalid_board_name",
        )
    taken = Board.objects.filter(owner=user, name__iexact=name).exclude(pk=board_id)
    if taken.exists():
        raise Conflict(_("You already have a board with that name."), code="duplicate_board_name")
    return name


def do_create_board(user: User, name: str, is_private: bool = True) -> Board:
    """A new board of the user's; private unless told. InvalidInput for an empty or long
    name, Conflict for a name the user already has or past MAX_BOARDS."""
    ensure_can_act(user)  # a board's name is public content once the board is
    name = _board_name(user, name)
    if Board.objects.filter(owner=user).count() >= MAX_BOARDS:
        raise Conflict(_("You have too many boards."), code="too_many_boards")
    default_board(user)
    try:
        with transaction.atomic():
            return Board.objects.create(owner=user, name=name, is_private=is_private)
    except IntegrityError:  # the same name, sent twice at once
        raise Conflict(
            _("You already have a board with that name."), code="duplicate_board_name"
        ) from None


def do_update_board(
    user: User, board_id: int, *, name: str | None = None, is_private: bool | None = None
) -> Board:
    """Rename one of the user's boards and/or make it private or public (NotFound for
    anyone else's). The default board keeps its name (it is shown as "Collected" in the
    reader's language) but may be made public."""
    ensure_can_act(user)
    board = _own_board(user, board_id)
    fields = []
    if name is not None:
        if board.is_default:
            raise InvalidInput(_("The default board cannot be renamed."), code="default_board")
        board.name = _board_name(user, name, board.pk)
        fields.append("name")
    if is_private is not None:
        board.is_private = is_private
        fields.append("is_private")
    if fields:
        try:
            with transaction.atomic():
                board.save(update_fields=fields)
        except IntegrityError:
            raise Conflict(
                _("You already have a board with that name."), code="duplicate_board_name"
            ) from None
    return board


def do_delete_board(user: User, board_id: int) -> None:
    """Delete one of the user's own boards; its notes go back to the default board."""
    with transaction.atomic():
        board = _own_board(user, board_id)
        if board.is_default:
            raise InvalidInput(_("The default board cannot be deleted."), code="default_board")
        home = default_board(user)
        moved = Collect.objects.filter(board=board).update(board=home)
        Board.objects.filter(pk=home.pk).update(note_count=F("note_count") + moved)
        board.delete()


def check_comment(
    user: User,
    note: Note,
    body: str,
    parent_id: int | None = None,
    address: str = "",
    confirmed: bool = False,
    once: Once | None = None,
) -> Comment:
    """Comment on a note the user can see (the caller fetched it with access_note), or reply
    to a comment on it. NotFound for a parent that is not there for this user. With `once`,
    the comment is made under that idempotency key (IntegrityError if taken)."""
    ensure_can_act(user)
    check_rate("comment", account=user.pk, new_account=is_new(user), address=address)
    text = clean_text(body)
    if not text:
        raise InvalidInput(_("Write something first."), code="empty_comment")
    if len(text) > MAX_COMMENT_LENGTH:
        raise InvalidInput(
            _("A comment has at most %(max)d characters.") % {"max": MAX_COMMENT_LENGTH},
            code="comment_too_long",
        )
    check_kindness(text, confirmed)
    parent = None
    if parent_id is not None:
        parent = Comment.objects.filter(pk=parent_id, note=note, author__is_active=True).first()
        if parent is None or is_blocked_either_way(user.pk, parent.author_id):
            raise NotFound(_("That comment is not there any more."))
    return do_comment(user, note, text, parent, once)


def do_comment(
    user: User, note: Note, text: str, parent: Comment | None, once: Once | None = None
) -> Comment:
    with transaction.atomic():
        if once:
            once.claim()
        reply_to = None
        if parent is not None:
            reply_to = parent.author_id
            parent = parent.parent or parent  # replies are one level deep
        comment = Comment.objects.create(
            note=note,
            author=user,
            parent=parent,
            reply_to_id=reply_to,
            body=text,
            language=detect_language(text, language_hint(user)),
            is_answer=_answers_question(user, note),
        )
        Note.objects.filter(pk=note.pk).update(comment_count=F("comment_count") + 1)
        if parent is not None:
            Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
        refresh_hot_score(note.pk)
        told = {user.pk}
        if reply_to is not None:
            enqueue_on_commit(notify.notify, "reply", user.pk, reply_to, note.pk, comment.pk)
            told.add(reply_to)
        if note.author_id not in told:
            kind = "answer" if comment.is_answer else "comment"
            enqueue_on_commit(notify.notify, kind, user.pk, note.author_id, note.pk, comment.pk)
            told.add(note.author_id)
        for uid in _mentioned_ids(user, text):
            if uid not in told:
                enqueue_on_commit(notify.notify, "mention", user.pk, uid, note.pk, comment.pk)
        if once:
            once.bind(comment.pk)
    return comment


def _answers_question(user: User, note: Note) -> bool:
    """A comment on a question is an answer when a guide who reads its language writes it."""
    from crossnote.guides.queries import is_guide_for

    return (
        note.kind == Kind.QUESTION
        and user.pk != note.author_id
        and is_guide_for(user.pk, note.language)
    )


def _mentioned_ids(user: User, text: str) -> list[int]:
    blocked = blocked_either_way_ids(user.pk)
    named = resolve_mentions(parse_mentions(text)).values()
    return [person.pk for person in named if person.pk not in blocked]


def check_delete_comment(user: User, comment: Comment) -> None:
    """The comment's author and the note's author may delete a comment."""
    if user.pk not in (comment.author_id, comment.note.author_id):
        raise Forbidden(_("You can only delete your own comments, or comments on your notes."))
    do_delete_comment(comment)


def do_delete_comment(comment: Comment) -> None:
    """Delete a comment and, for a top-level one, its replies; counts follow."""
    with transaction.atomic():
        replies = list(Comment.objects.filter(parent=comment).values_list("pk", flat=True))
        removed = 1 + len(replies)
        # Stored translations are copies of the comments' text: they go with them.
        Translation.objects.filter(kind="comment", object_id__in=[comment.pk, *replies]).delete()
        comment.delete()
        Note.objects.filter(pk=comment.note_id).update(comment_count=F("comment_count") - removed)
        if comment.parent_id:
            Comment.objects.filter(pk=comment.parent_id).update(reply_count=F("reply_count") - 1)
        refresh_hot_score(comment.note_id)


def do_like_comment(user: User, comment: Comment) -> bool:
    """Like a comment (fetched with access_comment). Idempotent; Forbidden while suspended."""
    ensure_can_act(user)
    with transaction.atomic():
        _row, created = CommentLike.objects.get_or_create(user=user, comment=comment)
        if created:
            Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
            enqueue_on_commit(
                notify.notify,
                "comment_like",
                user.pk,
                comment.author_id,
                comment.note_id,
                comment.pk,
            )
    return created


def do_unlike_comment(user: User, comment: Comment) -> bool:
    with transaction.atomic():
        deleted, _rows = CommentLike.objects.filter(user=user, comment=comment).delete()
        if deleted:
            Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") - 1)
    return bool(deleted)


def viewer_key(user: object, client_address: str, user_agent: str) -> str:
    """Who is viewing: the account if logged in, else a keyed hash of the client."""
    if getattr(user, "is_authenticated", False):
        return f"u:{user.pk}"  # type: ignore[attr-defined]
    digest = hashlib.blake2b(
        f"{client_address}|{user_agent}".encode(),
        key=settings.SECRET_KEY.encode()[:64],
        digest_size=16,
    ).hexdigest()
    return f"a:{digest}"


def do_record_view(note: Note, key: str) -> bool:
    """Count a view of `note` by `key`, at most once per VIEW_WINDOW. The author's own views
    do not count. Returns whether this view counted."""
    if key == f"u:{note.author_id}":
        return False
    now = timezone.now()
    table = NoteView._meta.db_table
    with transaction.atomic():
        # Insert, or renew a view older than the window; no row comes back when a view
        # within the window already counted. One statement on SQLite and PostgreSQL alike.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (viewer_key, note_id, counted_at) VALUES (%s, %s, %s)"  # noqa: S608
                f" ON CONFLICT (viewer_key, note_id) DO UPDATE SET counted_at = excluded.counted_at"
                f" WHERE {table}.counted_at < %s RETURNING id",
                [key, note.pk, now, now - VIEW_WINDOW],
            )
            if cursor.fetchone() is None:
                return False
        Note.objects.filter(pk=note.pk).update(
            view_count=F("view_count") + 1, hot_score=hot_score_expression(new_views=1)
        )
        record_tag_views(NoteTag.objects.filter(note=note).values_list("tag_id", flat=True), now)
    return True
