"""Reads of conversations and messages, and who may see them.

The rule, written once here and used by the API, the web pages and the photo server:
- a person reads a conversation while their membership is ACTIVE or REQUEST (a message
  request is read before it is accepted); a former member (LEFT: left, or was removed) or
  one who declined reads nothing, photos included;
- a one-to-one conversation is over for both people while either has blocked the other
  (or the other is banned): read at request time from `relations`, so a block ends it both
  ways at once and an unblock brings it back;
- in a group, messages from people the reader does not see (`relations.queries.HIDING`,
  mutes aside: a conversation is an explicit visit) are left out for that reader;
- a moderator sees the messages someone reported, and nothing else of the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)

from crossnote.accounts.models import User
from crossnote.core.errors import Forbidden, NotFound
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.messaging.models import (
    Conversation,
    Membership,
    Message,
    MessageReport,
    Reaction,
)
from crossnote.moderation.permissions import ensure_moderator
from crossnote.notes.queries import readable_notes
from crossnote.relations.queries import blocked_either_way_ids, is_authenticated, unseen_people

READING = (Membership.State.ACTIVE, Membership.State.REQUEST)
MESSAGE_PAGE = 50


def _ended_for(viewer_id: int) -> Exists:
    """True for a one-to-one conversation whose other person the viewer does not see
    (blocked either way, or banned): an annotation on rows with a `conversation_id`."""
    other = (
        Membership.objects.filter(
            conversation_id=OuterRef("conversation_id"),
            conversation__kind=Conversation.Kind.DIRECT,
        )
        .exclude(user_id=viewer_id)
        .filter(unseen_people(_Viewer(viewer_id), "user", mutes=False))
    )
    return Exists(other)


@dataclass(frozen=True)
class _Viewer:
    """Just enough of a person for `unseen_people` when only the id is at hand."""

    pk: int
    is_authenticated: bool = True


def _memberships(viewer: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=viewer.pk).annotate(ended=_ended_for(viewer.pk))


def access_conversation(viewer: object, conversation_id: int) -> Membership:
    """The viewer's membership of a conversation they may read (its `conversation` loaded),
    or NotFound: the same answer for a conversation that does not exist, one they left or
    declined, and one a block ended. One query."""
    if not is_authenticated(viewer):
        raise NotFound()
    row = (
        _memberships(viewer)  # type: ignore[arg-type]
        .filter(conversation_id=conversation_id, state__in=READING)
        .select_related("conversation", "user")
        .first()
    )
    if row is None or row.ended:
        raise NotFound()
    return row


def conversations_page(
    viewer: User, cursor: str | None, limit: int | None, *, requests: bool = False
) -> Page[Membership]:
    """The viewer's conversations (or, with `requests`, their message requests), the most
    recent message first. Each membership carries `conversation`, `last_body`,
    `last_sender_id` and, after `with_people`, `people` (the other members). Two queries."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "conversations")
    state = Membership.State.REQUEST if requests else Membership.State.ACTIVE
    last = Message.objects.filter(pk=OuterRef("conversation__last_message_id"))
    rows = (
        _memberships(viewer)
        .filter(state=state, ended=False, conversation__last_message_id__gt=0)
        .select_related("conversation")
        .annotate(
            last_body=Subquery(last.values("body")[:1]),
            last_sender_id=Subquery(last.values("sender_id")[:1]),
            last_has_photo=Subquery(last.values("photo_id")[:1]),
        )
        .order_by("-conversation__last_message_id")
    )
    if position:
        rows = rows.filter(conversation__last_message_id__lt=position["before"])
    items = list(rows[: size + 1])
    more = len(items) > size
    items = items[:size]
    with_people(viewer, items)
    next_cursor = (
        encode_cursor("conversations", before=items[-1].conversation.last_message_id)
        if more
        else None
    )
    return Page(items, next_cursor)


def with_people(viewer: User, memberships: list[Membership]) -> None:
    """Set `people` on each membership: the conversation's other members still in it, as
    User rows (avatars loaded), banned people left out, each with `membership_state` and
    `last_read_id` (None unless both they and the viewer have read receipts on and they
    accepted). One query for the whole list."""
    ids = [m.conversation_id for m in memberships]
    # By the common convention, someone who turned their own receipts off sees nobody's.
    sees_receipts = {m.conversation_id: m.read_receipts for m in memberships}
    others = (
        Membership.objects.filter(conversation_id__in=ids, state__in=READING)
        .exclude(user_id=viewer.pk)
        .filter(user__is_active=True)
        .select_related("user__avatar")
        .order_by("id")
    )
    by_conversation: dict[int, list[Any]] = {}
    for other in others:
        other.user.membership_state = other.state
        # A request's recipient reads before choosing, unseen: no receipt until accepted.
        shows = (
            other.read_receipts
            and other.state == Membership.State.ACTIVE
            and sees_receipts[other.conversation_id]
        )
        other.user.last_read_id = other.last_read_id if shows else None
        by_conversation.setdefault(other.conversation_id, []).append(other.user)
    for membership in memberships:
        membership.people = by_conversation.get(membership.conversation_id, [])


@dataclass(frozen=True)
class SeenLine:
    """ "Seen" under one of the viewer's own messages: the latest of theirs someone read."""

    message_id: int
    people: list[Any]  # who read up to it (User rows, from `with_people`)
    everyone: bool  # every other member did

    @property
    def names(self) -> str:
        return ", ".join(p.shown_name for p in self.people)


def seen_line(viewer: User, membership: Membership) -> SeenLine | None:
    """The latest of the viewer's messages that others (with receipts on, as the viewer)
    read, and who did; None when nobody did. Needs `with_people` first. In a group, people
    blocked either way do not count: they never see the viewer's messages, however far
    they read. One query (two in a group)."""
    readers = [p for p in membership.people if p.last_read_id]
    if readers and membership.conversation.kind == Conversation.Kind.GROUP:
        hidden = blocked_either_way_ids(viewer.pk)
        readers = [p for p in readers if p.pk not in hidden]
    if not readers:
        return None
    message_id = (
        Message.objects.filter(
            conversation_id=membership.conversation_id,
            sender_id=viewer.pk,
            pk__lte=max(p.last_read_id for p in readers),
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if message_id is None:
        return None
    people = [p for p in readers if p.last_read_id >= message_id]
    return SeenLine(message_id, people, len(people) == len(membership.people))


def shown_messages(viewer: User, conversation_id: int) -> QuerySet[Message]:
    """The messages of a conversation the viewer may see (the caller checked membership),
    each with what a message shows: sender, photo, the message it replies to, the shared
    note when the viewer may read it (`shared_readable`), and the viewer's own reaction
    (`my_reaction`). One query however many."""
    return (
        Message.objects.filter(conversation_id=conversation_id)
        .exclude(unseen_people(viewer, "sender", mutes=False))
        .select_related(
            "sender__avatar", "photo", "reply_to__sender", "shared_note__author__avatar"
        )
        .annotate(
            shared_readable=Exists(readable_notes(viewer).filter(pk=OuterRef("shared_note_id"))),
            my_reaction=Subquery(
                Reaction.objects.filter(message_id=OuterRef("pk"), user_id=viewer.pk).values(
                    "emoji"
                )[:1]
            ),
        )
    )


def messages_page(
    viewer: User,
    membership: Membership,
    cursor: str | None,
    limit: int | None,
    *,
    after: int | None = None,
) -> Page[Message]:
    """A page of messages, newest first (`cursor` goes back in time), or with `after` the
    messages newer than that id, oldest first (what a client that has them all asks for).
    One query."""
    size = clamp_limit(limit, MESSAGE_PAGE)
    rows = shown_messages(viewer, membership.conversation_id)
    if after is not None:
        items = list(rows.filter(pk__gt=after).order_by("id")[:size])
        return Page(items, None)
    position = decode_cursor(cursor, "messages")
    if position:
        rows = rows.filter(pk__lt=position["before"])
    items = list(rows.order_by("-id")[: size + 1])
    more = len(items) > size
    items = items[:size]
    next_cursor = encode_cursor("messages", before=items[-1].pk) if more else None
    return Page(items, next_cursor)


def access_message(viewer: User, membership: Membership, message_id: int) -> Message:
    """A message of the conversation the viewer may see, or NotFound. One query."""
    message = shown_messages(viewer, membership.conversation_id).filter(pk=message_id).first()
    if message is None:
        raise NotFound(code="message_not_found")
    return message


def as_sent(message: Message) -> Message:
    """The message `check_send` just returned, shown to its sender as `shown_messages` would
    show it, without asking the database again (the API answers a send with it): the sender
    sees themselves, may read the note they shared (check_send allowed it) and has not
    reacted yet."""
    message.shared_readable = message.shared_note_id is not None
    message.my_reaction = None
    return message


def unread_counts(user: object) -> dict[str, int]:
    """Unread messages over the person's conversations, and how many message requests wait
    (those with a message). One query."""
    if not is_authenticated(user):
        return {"unread": 0, "requests": 0}
    rows = (
        _memberships(user)  # type: ignore[arg-type]
        .filter(ended=False, state__in=READING, conversation__last_message_id__gt=0)
        .aggregate(
            unread=Sum("unread", filter=Q(state=Membership.State.ACTIVE), default=0),
            requests=Sum(1, filter=Q(state=Membership.State.REQUEST), default=0),
        )
    )
    return {"unread": rows["unread"], "requests": rows["requests"]}


def may_load_message_photo(viewer: object, photo_id: int) -> bool:
    """Whether `viewer` may fetch the photo of a message: a member who may read the
    conversation and sees its sender, or a moderator when the message was reported (whoever
    sent it: a banned sender's or a blocked one's reported photo is still evidence). One
    query (two for a moderator)."""
    if not is_authenticated(viewer):
        return False
    members = _memberships(viewer).filter(  # type: ignore[arg-type]
        conversation_id=OuterRef("conversation_id"), state__in=READING, ended=False
    )
    unseen = unseen_people(viewer, "sender", mutes=False)
    found = (
        Message.objects.filter(photo_id=photo_id)
        .annotate(
            member=Exists(members),
            sender_seen=ExpressionWrapper(~unseen, output_field=BooleanField())
            if unseen
            else Value(True),
            reported=Exists(
                MessageReport.messages.through.objects.filter(message_id=OuterRef("pk"))
            ),
        )
        .values_list("member", "sender_seen", "reported")
        .first()
    )
    if found is None:
        return False
    member, sender_seen, reported = found
    if member and sender_seen:
        return True
    return bool(reported) and _is_moderator(viewer)


def _is_moderator(user: object) -> bool:
    try:
        ensure_moderator(user)
    except Forbidden:
        return False
    return True


def reported_messages(moderator: object, state: str = MessageReport.State.OPEN) -> list[Any]:
    """Reports of messages, newest first, each with only the messages reported (`shown`):
    what moderators see of a conversation. Forbidden for anyone else. Two queries."""
    ensure_moderator(moderator)
    reports = list(
        MessageReport.objects.filter(state=state).select_related("reporter").order_by("-id")[:100]
    )
    links = (
        MessageReport.messages.through.objects.filter(messagereport_id__in=[r.pk for r in reports])
        .select_related("message__sender", "message__photo")
        .order_by("message_id")
    )
    by_report: dict[int, list[Message]] = {}
    for link in links:
        by_report.setdefault(link.messagereport_id, []).append(link.message)
    for report in reports:
        report.shown = by_report.get(report.pk, [])
    return reports


def export_for(user: User) -> dict[str, Any]:
    """Everything of the person's messaging, JSON-able, for a data export: their
    conversations (with who was in them), every message they sent, their reactions and
    reports. Others' messages are not theirs to export and are left out."""
    memberships = Membership.objects.filter(user=user).select_related("conversation")
    conversations = [
        {
            "id": m.conversation_id,
            "kind": m.conversation.kind,
            "title": m.conversation.title,
            "state": m.state,
            "translate": m.translate,
            "read_receipts": m.read_receipts,
            "joined_at": m.joined_at.isoformat(),
            "members": sorted(
                Membership.objects.filter(conversation_id=m.conversation_id).values_list(
                    "user__username", flat=True
                )
            ),
        }
        for m in memberships
    ]
    messages = [
        {
            "id": msg.pk,
            "conversation_id": msg.conversation_id,
            "body": msg.body,
            "language": msg.language,
            "photo": msg.photo.full if msg.photo_id and msg.photo else "",
            "shared_note_id": msg.shared_note_id,
            "reply_to_id": msg.reply_to_id,
            "created_at": msg.created_at.isoformat(),
        }
        for msg in Message.objects.filter(sender=user).select_related("photo").order_by("id")
    ]
    reactions = [
        {"message_id": r.message_id, "emoji": r.emoji}
        for r in Reaction.objects.filter(user=user).order_by("id")
    ]
    reports = [
        {
            "conversation_id": r.conversation_id,
            "reason": r.reason,
            "text": r.text,
            "state": r.state,
            "message_ids": sorted(r.messages.values_list("pk", flat=True)),
            "created_at": r.created_at.isoformat(),
        }
        for r in MessageReport.objects.filter(reporter=user).order_by("id")
    ]
    return {
        "conversations": conversations,
        "messages_sent": messages,
        "reactions": reactions,
        "message_reports": reports,
    }


def open_message_report_count(moderator: object) -> int:
    """How many reports of messages wait for a moderator (the moderation page's link to
    them). Forbidden for anyone else. One query."""
    ensure_moderator(moderator)
    return MessageReport.objects.filter(state=MessageReport.State.OPEN).count()
