"""Telling open clients what changed in their conversations, over the live channel.

Called after the write commits (never inside a transaction). Events name what changed and
carry what a list needs to show it; a client that wants more (a photo that is now ready, a
translation) asks the API, which applies every rule again. Who is told follows the same
rule as who may read: members still reading, who see the sender.
"""

from __future__ import annotations

from typing import Any

from crossnote import live
from crossnote.accounts.models import User
from crossnote.messaging.models import Membership, Message
from crossnote.messaging.queries import unread_counts
from crossnote.relations.queries import people_not_seeing

# A message's text travels in its event up to this many characters (events are at most
# 8 KB); a longer one says `truncated` and the client reads it from the API.
EVENT_TEXT = 1000
READING = (Membership.State.ACTIVE, Membership.State.REQUEST)


def publish(user_ids: list[int], event: str, data: dict[str, Any]) -> None:
    """Hand an event to the live channel (`crossnote.live`, which never raises because the
    channel is down: clients catch up through the API's `after` listing)."""
    if user_ids:
        live.publish(user_ids, event, data)


def _unread(user_ids: list[int]) -> None:
    """Each person's own counts (`messages.unread`: {"unread", "requests"}), for the badge
    on every open page. One query per person: a conversation has at most 32."""
    live.publish_each(
        (person.pk, "messages.unread", unread_counts(person))
        for person in User.objects.filter(pk__in=user_ids)
    )


def _readers(conversation_id: int, sender_id: int | None = None) -> list[int]:
    rows = Membership.objects.filter(conversation_id=conversation_id, state__in=READING)
    if sender_id is not None:
        rows = rows.exclude(people_not_seeing(sender_id, "user", mutes=False))
    return list(rows.values_list("user_id", flat=True))


def message_payload(message: Message) -> dict[str, Any]:
    return {
        "conversation_id": message.conversation_id,
        "message_id": message.pk,
        "sender": message.sender.username,
        "body": message.body[:EVENT_TEXT],
        "truncated": len(message.body) > EVENT_TEXT,
        "language": message.language,
        "has_photo": message.photo_id is not None,
        "shared_note_id": message.shared_note_id,
        "reply_to_id": message.reply_to_id,
        "created_at": message.created_at.isoformat(),
    }


def message_sent(message_id: int) -> None:
    """Event `message` to everyone who may read it: the message, and for each recipient
    their own unread counts (`unread`: {"unread", "requests"}, for the badge), so one event
    per person says it all. The sender's other tabs get it without counts."""
    message = Message.objects.select_related("sender").filter(pk=message_id).first()
    if message is None:
        return
    payload = message_payload(message)
    readers = _readers(message.conversation_id, message.sender_id)
    events = [
        (person.pk, "message", {**payload, "unread": unread_counts(person)})
        for person in User.objects.filter(pk__in=readers).exclude(pk=message.sender_id)
    ]
    if message.sender_id in readers:
        events.append((message.sender_id, "message", payload))
    live.publish_each(events)  # one write for all of them


def message_changed(message_id: int) -> None:
    """A message's photo is ready or its reactions changed."""
    message = Message.objects.filter(pk=message_id).values("conversation_id", "sender_id").first()
    if message is None:
        return
    readers = _readers(message["conversation_id"], message["sender_id"])
    publish(
        readers,
        "message_changed",
        {"conversation_id": message["conversation_id"], "message_id": message_id},
    )


def read(conversation_id: int, reader_id: int) -> None:
    """Someone with read receipts on has read up to the latest message: told to the others
    who have receipts on too (someone with them off sees nobody's, `queries.with_people`)."""
    last = (
        Membership.objects.filter(conversation_id=conversation_id, user_id=reader_id)
        .values_list("last_read_id", flat=True)
        .first()
    )
    receiving = set(
        Membership.objects.filter(
            conversation_id=conversation_id, state=Membership.State.ACTIVE, read_receipts=True
        ).values_list("user_id", flat=True)
    )
    others = [
        uid for uid in _readers(conversation_id, reader_id) if uid != reader_id and uid in receiving
    ]
    _unread([reader_id])
    publish(
        others,
        "message_read",
        {"conversation_id": conversation_id, "reader_id": reader_id, "last_read_id": last or 0},
    )


def conversation_changed(conversation_id: int, also: list[int] | None = None) -> None:
    """Who is in the conversation changed (someone joined, left or was removed): to its
    readers, and to `also` (a removed member, whose open pages then stop showing it)."""
    readers = _readers(conversation_id)
    people = readers + [uid for uid in also or [] if uid not in readers]
    publish(people, "conversation_changed", {"conversation_id": conversation_id})


def typing(conversation_id: int, typist_id: int, username: str) -> None:
    """Someone is writing (a hint: clients show it for a few seconds). Nothing is stored."""
    others = [uid for uid in _readers(conversation_id, typist_id) if uid != typist_id]
    publish(others, "typing", {"conversation_id": conversation_id, "username": username})
