"""Direct messages: conversations, message requests, group members, messages, reactions,
reading, and the moderators' view of reported messages. Every route reaches a conversation
through `messaging.queries.access_conversation` (404 for anyone who may not read it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import Field

from crossnote.accounts.models import User
from crossnote.api import present
from crossnote.api.auth import required
from crossnote.api.routes.translation import TARGET, TranslationOut, _answer, _target
from crossnote.api.schemas import ERROR_CODES, AuthorOut, DoneOut, ErrorOut, PhotoOut
from crossnote.core.clients import client_address
from crossnote.core.errors import InvalidInput, NotFound
from crossnote.messaging import actions, queries
from crossnote.messaging.models import Conversation, Membership, Message
from crossnote.translation import service
from crossnote.translation.service import Source

router = Router(tags=["messages"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


class MemberOut(AuthorOut):
    state: str = Field(description="active, or request while they have not accepted yet")
    last_read_id: int | None = Field(
        None, description="How far they have read; null when they turned read receipts off."
    )


class ConversationOut(Schema):
    id: int
    kind: str = Field(description="direct (one-to-one) or group")
    title: str
    state: str = Field(description="Yours: active, or request (a message request to you)")
    unread: int
    translate: bool = Field(description="Messages are shown translated into your language.")
    read_receipts: bool = Field(description="Others see how far you have read.")
    people: list[MemberOut] = Field(description="The other members.")
    last_message_id: int
    last_message: str = Field("", description="The latest message's text (empty for a photo).")


class ConversationPageOut(Schema):
    items: list[ConversationOut]
    next_cursor: str | None


class StartIn(Schema):
    usernames: list[str] = Field(
        description="One person for a one-to-one conversation (the existing one if any), "
        "up to 31 for a group.",
        max_length=64,
    )
    title: str = Field("", max_length=500, description="A group's name.")
    body: str = Field("", max_length=10000, description="A first message, if any.")
    confirm: bool = Field(False, description="Send despite the respectful-words nudge.")


class MembersIn(Schema):
    usernames: list[str] = Field(
        description="People to add to the group (at most 32 members in all).",
        min_length=1,
        max_length=64,
    )


class SharedNoteOut(Schema):
    id: int
    title: str
    author: str


class MessageTranslationOut(Schema):
    text: str
    engine: str = Field(description="Which engine translated, a stable id.")
    engine_label: str = Field(description="How to credit it, in the request's language.")
    is_gloss: bool


class MessageOut(Schema):
    id: int
    sender: AuthorOut
    body: str
    language: str
    photo: PhotoOut | None = Field(
        None, description="Fetch its files with the same Authorization: members only."
    )
    shared_note: SharedNoteOut | None = Field(
        None, description="A shared note, when you may read it."
    )
    shared_note_unavailable: bool = Field(
        False, description="A note was shared that you may not read (or that was deleted)."
    )
    reply_to_id: int | None
    reply_to_excerpt: str = ""
    reactions: dict[str, int]
    my_reaction: str | None
    translation: MessageTranslationOut | None = Field(
        None,
        description="With `translate` on for you and the message in another language: "
        "the translation (`body` stays the original).",
    )
    translation_unavailable: bool = False
    created_at: datetime


class MessagePageOut(Schema):
    items: list[MessageOut] = Field(description="Newest first; with `after`, oldest first.")
    next_cursor: str | None


class SendIn(Schema):
    body: str = Field("", max_length=10000)
    shared_note_id: int | None = None
    reply_to_id: int | None = None
    confirm: bool = Field(False, description="Send despite the respectful-words nudge.")


class SettingsIn(Schema):
    translate: bool | None = None
    read_receipts: bool | None = None


class ReactionIn(Schema):
    emoji: str = Field(max_length=32, description=" ".join(actions.REACTIONS))


class ReactionOut(Schema):
    reactions: dict[str, int]
    my_reaction: str | None


class MessageReportIn(Schema):
    message_ids: list[int] = Field(max_length=50)
    reason: str = Field(
        description="spam, harassment, hate, nudity, violence, misinformation, other"
    )
    text: str = Field("", max_length=5000)
    block: bool = Field(False, description="Also block the senders, in the same step.")


class ReportDoneOut(Schema):
    id: int
    state: str


class UnreadOut(Schema):
    unread: int = Field(description="Unread messages in your conversations.")
    requests: int = Field(description="Message requests waiting for you.")


class ReportedMessageOut(Schema):
    id: int
    sender: str
    body: str
    photo: PhotoOut | None
    created_at: datetime


class MessageReportOut(Schema):
    id: int
    reporter: str
    conversation_id: int
    reason: str
    text: str
    state: str
    messages: list[ReportedMessageOut] = Field(description="The reported messages only.")
    created_at: datetime


class DecisionIn(Schema):
    decision: Literal["dismissed", "actioned"]


def _people(users: list[User]) -> list[dict]:
    return [
        {**present.author(u), "state": u.membership_state, "last_read_id": u.last_read_id}
        for u in users
    ]


def _conversation(m: Membership) -> dict[str, Any]:
    c: Conversation = m.conversation
    return {
        "id": c.pk,
        "kind": c.kind,
        "title": c.title,
        "state": m.state,
        "unread": m.unread,
        "translate": m.translate,
        "read_receipts": m.read_receipts,
        "people": _people(getattr(m, "people", [])),
        "last_message_id": c.last_message_id,
        "last_message": getattr(m, "last_body", "") or "",
    }


def _users(usernames: list[str]) -> list[User]:
    found = {u.username.lower(): u for u in User.objects.filter(username__in=usernames)}
    people = []
    for name in usernames:
        person = found.get(name.lower())
        if person is None:
            raise NotFound(code="person_not_found")
        people.append(person)
    return people


def _message(m: Message, translations: dict) -> dict[str, Any]:
    shared = None
    if m.shared_note_id and m.shared_readable:
        shared = {
            "id": m.shared_note_id,
            "title": m.shared_note.title or m.shared_note.body[:60],
            "author": m.shared_note.author.username,
        }
    done = translations.get(m.pk, False)
    return {
        "id": m.pk,
        "sender": present.author(m.sender),
        "body": m.body,
        "language": m.language,
        "photo": present.photo(m.photo),
        "shared_note": shared,
        "shared_note_unavailable": bool(m.shared_note_id and not m.shared_readable),
        "reply_to_id": m.reply_to_id,
        "reply_to_excerpt": m.reply_to.body[:80] if m.reply_to_id and m.reply_to else "",
        "reactions": m.reactions,
        "my_reaction": m.my_reaction,
        "translation": None
        if not done
        else {
            "text": done.parts[0],
            "engine": done.engine,
            "engine_label": str(done.label),
            "is_gloss": done.is_gloss,
        },
        "translation_unavailable": done is None,
        "created_at": m.created_at,
    }


def translations_for(membership: Membership, items: list[Message], target: str) -> dict:
    """The page's translations when the member turned translation on: one batch, stored
    and reused like comments' (`translation.service`)."""
    if not membership.translate:
        return {}
    sources = [Source(m.pk, m.language, [m.body]) for m in items if m.body]
    return service.translate("message", sources, target)


@router.get("/conversations", response={200: ConversationPageOut, **E}, auth=required)
def conversations(
    request: HttpRequest,
    cursor: str | None = None,
    limit: int | None = None,
    requests: bool = Query(False, description="List your message requests instead."),
):
    """Your conversations, the most recent first (or your message requests)."""
    page = queries.conversations_page(request.auth, cursor, limit, requests=requests)
    return {"items": [_conversation(m) for m in page.items], "next_cursor": page.next_cursor}


@router.post("/conversations", response={201: ConversationOut, **E}, auth=required)
def start(request: HttpRequest, payload: StartIn):
    """Start a conversation (or open the one-to-one you already have), with a first message
    if `body` is given. People you follow or who follow you get it directly; anyone else
    gets a message request. 403 `private_account` for a private account that does not know
    you; 404 for someone who is not there for you."""
    conversation = actions.check_start(
        request.auth,
        _users(payload.usernames),
        title=payload.title,
        address=client_address(request),
    )
    membership = queries.access_conversation(request.auth, conversation.pk)
    if payload.body:
        actions.check_send(
            request.auth,
            membership,
            body=payload.body,
            confirmed=payload.confirm,
            address=client_address(request),
        )
        membership = queries.access_conversation(request.auth, conversation.pk)
    queries.with_people(request.auth, [membership])
    return Status(201, _conversation(membership))


@router.get("/conversations/{conversation_id}", response={200: ConversationOut, **E}, auth=required)
def conversation(request: HttpRequest, conversation_id: int):
    membership = queries.access_conversation(request.auth, conversation_id)
    queries.with_people(request.auth, [membership])
    return _conversation(membership)


@router.patch(
    "/conversations/{conversation_id}", response={200: ConversationOut, **E}, auth=required
)
def change_settings(request: HttpRequest, conversation_id: int, payload: SettingsIn):
    """Your own choices for this conversation: translate it into your language (for you
    alone), and read receipts."""
    membership = queries.access_conversation(request.auth, conversation_id)
    actions.do_settings(
        membership, translate=payload.translate, read_receipts=payload.read_receipts
    )
    queries.with_people(request.auth, [membership])
    return _conversation(membership)


@router.get(
    "/conversations/{conversation_id}/messages",
    response={200: MessagePageOut, **E},
    auth=required,
)
def messages(
    request: HttpRequest,
    conversation_id: int,
    cursor: str | None = None,
    limit: int | None = None,
    after: int | None = Query(None, description="Only messages newer than this id."),
):
    """A page of messages (50 by default), newest first; `cursor` goes further back. With
    `translate` on, each message in another language carries its translation."""
    membership = queries.access_conversation(request.auth, conversation_id)
    page = queries.messages_page(request.auth, membership, cursor, limit, after=after)
    done = translations_for(membership, page.items, _target(request, None))
    return {"items": [_message(m, done) for m in page.items], "next_cursor": page.next_cursor}


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: MessageOut, **E},
    auth=required,
)
def send(request: HttpRequest, conversation_id: int, payload: SendIn):
    """Send a message: text, a shared note (one you may read), or both; optionally a reply.
    409 `accept_first` before you accept a request; 409 `are_you_sure` for unkind words
    (send again with `confirm`)."""
    membership = queries.access_conversation(request.auth, conversation_id)
    message = actions.check_send(
        request.auth,
        membership,
        body=payload.body,
        shared_note_id=payload.shared_note_id,
        reply_to_id=payload.reply_to_id,
        confirmed=payload.confirm,
        address=client_address(request),
    )
    return Status(201, _message(queries.as_sent(message), {}))


@router.post(
    "/conversations/{conversation_id}/photos",
    response={201: MessageOut, **E},
    auth=required,
)
def send_photo(
    request: HttpRequest,
    conversation_id: int,
    photo: File[UploadedFile],
    body: Form[str] = "",
    reply_to_id: Form[int | None] = None,
    confirm: Form[bool] = False,
):
    """Send a photo (multipart; checked like a note's, ≤ 20 MB), with text if you like. Its
    files are made in the background (`state` processing, then ready) and reach only the
    conversation's members."""
    membership = queries.access_conversation(request.auth, conversation_id)
    message = actions.check_send(
        request.auth,
        membership,
        body=body,
        photo=photo,
        photo_size=photo.size or 0,
        reply_to_id=reply_to_id,
        confirmed=confirm,
        address=client_address(request),
    )
    return Status(201, _message(queries.as_sent(message), {}))


@router.post("/conversations/{conversation_id}/read", response={200: DoneOut, **E}, auth=required)
def mark_read(request: HttpRequest, conversation_id: int):
    """Mark the conversation read up to its latest message."""
    actions.do_mark_read(queries.access_conversation(request.auth, conversation_id))
    return {"ok": True}


@router.post("/conversations/{conversation_id}/typing", response={200: DoneOut, **E}, auth=required)
def typing(request: HttpRequest, conversation_id: int):
    """Say you are writing: the others' open clients get a `typing` event (send it at most
    every few seconds; nothing is stored)."""
    actions.do_typing(queries.access_conversation(request.auth, conversation_id))
    return {"ok": True}


@router.post("/conversations/{conversation_id}/accept", response={200: DoneOut, **E}, auth=required)
def accept(request: HttpRequest, conversation_id: int):
    actions.do_accept(queries.access_conversation(request.auth, conversation_id))
    return {"ok": True}


@router.post(
    "/conversations/{conversation_id}/decline", response={200: DoneOut, **E}, auth=required
)
def decline(request: HttpRequest, conversation_id: int):
    """Decline a message request: it disappears for you; the sender is not told."""
    actions.do_decline(queries.access_conversation(request.auth, conversation_id))
    return {"ok": True}


@router.post("/conversations/{conversation_id}/leave", response={200: DoneOut, **E}, auth=required)
def leave(request: HttpRequest, conversation_id: int):
    actions.do_leave(queries.access_conversation(request.auth, conversation_id))
    return {"ok": True}


@router.post(
    "/conversations/{conversation_id}/members",
    response={200: ConversationOut, **E},
    auth=required,
)
def add_members(request: HttpRequest, conversation_id: int, payload: MembersIn):
    """Add people to a group you are in, by the rules of starting a conversation: people
    who follow you or whom you follow join at once, anyone else gets a message request.
    People already in are left as they are; a former member is added again. 400
    `not_a_group` (a one-to-one), `too_many_members` (past 32); 403 `person_suspended`,
    `private_account`, `suspended` (you); 404 `person_not_found` for an unknown name or
    someone who is not there for you (blocked either way); 409 `accept_first`; 429."""
    membership = queries.access_conversation(request.auth, conversation_id)
    actions.check_add_members(
        request.auth, membership, _users(payload.usernames), address=client_address(request)
    )
    queries.with_people(request.auth, [membership])
    return _conversation(membership)


@router.delete(
    "/conversations/{conversation_id}/members/{username}",
    response={200: DoneOut, **E},
    auth=required,
)
def remove_member(request: HttpRequest, conversation_id: int, username: str):
    """Remove someone from a group: only its creator may (or, once the creator has left,
    the member who has been in it longest). They become a former member and read nothing
    more of it. 400 `not_a_group`, `leave_instead` (yourself: use `…/leave`); 403
    `not_group_admin`; 404 `person_not_found`, `member_not_found`."""
    membership = queries.access_conversation(request.auth, conversation_id)
    actions.check_remove_member(request.auth, membership, _users([username])[0])
    return {"ok": True}


@router.post(
    "/conversations/{conversation_id}/report",
    response={201: ReportDoneOut, **E},
    auth=required,
)
def report(request: HttpRequest, conversation_id: int, payload: MessageReportIn):
    """Report messages others sent here: moderators see those messages and nothing else. A
    reported request is declined; `block` blocks the senders too."""
    membership = queries.access_conversation(request.auth, conversation_id)
    done = actions.check_report(
        request.auth,
        membership,
        payload.message_ids,
        payload.reason,
        payload.text,
        block=payload.block,
        address=client_address(request),
    )
    return Status(201, {"id": done.pk, "state": done.state})


@router.put(
    "/conversations/{conversation_id}/messages/{message_id}/reaction",
    response={200: ReactionOut, **E},
    auth=required,
)
def react(request: HttpRequest, conversation_id: int, message_id: int, payload: ReactionIn):
    membership = queries.access_conversation(request.auth, conversation_id)
    message = queries.access_message(request.auth, membership, message_id)
    counts = actions.check_react(request.auth, message, payload.emoji)
    return {"reactions": counts, "my_reaction": payload.emoji}


@router.delete(
    "/conversations/{conversation_id}/messages/{message_id}/reaction",
    response={200: ReactionOut, **E},
    auth=required,
)
def unreact(request: HttpRequest, conversation_id: int, message_id: int):
    membership = queries.access_conversation(request.auth, conversation_id)
    message = queries.access_message(request.auth, membership, message_id)
    return {"reactions": actions.check_react(request.auth, message, None), "my_reaction": None}


@router.get(
    "/conversations/{conversation_id}/messages/{message_id}/translation",
    response={200: TranslationOut, **E},
    auth=required,
)
def message_translation(
    request: HttpRequest, conversation_id: int, message_id: int, target: str | None = TARGET
):
    """One message in `target` (default: your reading language), whatever your setting."""
    membership = queries.access_conversation(request.auth, conversation_id)
    message = queries.access_message(request.auth, membership, message_id)
    chosen = _target(request, target)
    source = Source(message.pk, message.language, [message.body])
    return _answer(source, chosen, service.translate("message", [source], chosen))


@router.get("/messages/unread", response={200: UnreadOut, **E}, auth=required)
def unread(request: HttpRequest):
    return queries.unread_counts(request.auth)


@router.get(
    "/moderation/message-reports", response={200: list[MessageReportOut], **E}, auth=required
)
def message_reports(request: HttpRequest, state: str = "open"):
    """Moderators: reported messages, each report with the messages it names and nothing
    else of the conversation."""
    if state not in ("open", "dismissed", "actioned"):
        raise InvalidInput(_("Choose open, dismissed or actioned."), code="invalid_state")
    return [
        {
            "id": r.pk,
            "reporter": r.reporter.username,
            "conversation_id": r.conversation_id,
            "reason": r.reason,
            "text": r.text,
            "state": r.state,
            "messages": [
                {
                    "id": m.pk,
                    "sender": m.sender.username,
                    "body": m.body,
                    "photo": present.photo(m.photo),
                    "created_at": m.created_at,
                }
                for m in r.shown
            ],
            "created_at": r.created_at,
        }
        for r in queries.reported_messages(request.auth, state)
    ]


@router.post(
    "/moderation/message-reports/{report_id}",
    response={200: ReportDoneOut, **E},
    auth=required,
)
def decide_message_report(request: HttpRequest, report_id: int, payload: DecisionIn):
    """Moderators: close a report of messages (act on the person with the usual
    `/moderation/…` actions)."""
    done = actions.check_decide_report(request.auth, report_id, payload.decision)
    return {"id": done.pk, "state": done.state}
