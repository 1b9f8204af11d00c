"""Writes for direct messages: starting conversations, sending, answering message requests,
reactions, reading, settings, reports, leaving, adding and removing group members, and
deleting everything of a person's.

Who may write to whom (`check_start`): people a recipient follows, and people who follow
them, write directly; anyone else lands in the recipient's message requests, which they
accept, decline or report. A private account takes no requests (only the people it follows
and its approved followers reach it). A block either way refuses as if the person were not
there; a suspended person cannot start a conversation nor send. Starting conversations and
sending are rate-limited per account and per client address, lower for new accounts, and
the respectful-words nudge asks "are you sure?" before unkind words go out.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from crossnote.core.tasks import enqueue_on_commit
from crossnote.core.text import clean_text, graphemes
from crossnote.media.actions import StoredFiles, delete_photos, store_originals
from crossnote.media.inspect import inspect_upload
from crossnote.messaging import delivery, tasks
from crossnote.messaging.models import (
    MAX_MEMBERS,
    MAX_MESSAGE_LENGTH,
    MAX_TITLE_LENGTH,
    Conversation,
    Membership,
    Message,
    MessageReport,
    Reaction,
)
from crossnote.moderation.limits import check_rate, is_new
from crossnote.moderation.models import Report
from crossnote.moderation.nudge import check_kindness
from crossnote.moderation.permissions import ensure_can_act, ensure_moderator
from crossnote.notes.queries import access_note
from crossnote.relations.actions import do_block
from crossnote.relations.models import Follow
from crossnote.relations.queries import blocked_either_way_ids
from crossnote.translation.detection import detect_language, language_hint

# What one can react with: a short, fixed palette (any emoji would need a grapheme and
# emoji check for little gain, and keeps reactions from becoming a second message).
REACTIONS = ("❤️", "😂", "😮", "😢", "👍", "🙏", "🔥", "🎉")


def _knows(recipient_id: int, sender_id: int) -> bool:
    """Whether the recipient follows the sender, or the sender follows the recipient (for a
    private account: an approved follower). One query."""
    return Follow.objects.filter(
        Q(follower_id=recipient_id, followee_id=sender_id)
        | Q(follower_id=sender_id, followee_id=recipient_id)
    ).exists()


def check_start(
    sender: User, recipients: Sequence[User], *, title: str = "", address: str = ""
) -> Conversation:
    """A conversation with `recipients`: the one-to-one conversation two people already
    have, or a new one; a group when more than one is named (at most MAX_MEMBERS with the
    sender). Each recipient's membership is ACTIVE when they know the sender, a message
    request otherwise. NotFound for anyone blocked either way or banned (exactly as if
    they were not there), Forbidden `private_account` for a private account that does not
    know the sender, Forbidden `person_suspended` for a suspended recipient, Forbidden
    `suspended` for a suspended sender, RateLimited. Nothing is stored unless all pass."""
    ensure_can_act(sender)
    others = list({p.pk: p for p in recipients if p.pk != sender.pk}.values())
    if not others:
        raise InvalidInput(_("Choose someone to write to."), code="no_recipients")
    _ensure_room(len(others) + 1)
    title = clean_text(title)
    if len(graphemes(title)) > MAX_TITLE_LENGTH:
        raise InvalidInput(
            _("A group's name has at most %(max)d characters.") % {"max": MAX_TITLE_LENGTH},
            code="title_too_long",
        )
    hidden = blocked_either_way_ids(sender.pk)
    states = {person.pk: _joining_state(sender, person, hidden) for person in others}
    if len(others) == 1:
        existing = Conversation.objects.filter(
            direct_key=Conversation.key_for(sender.pk, others[0].pk)
        ).first()
        if existing is not None:
            _rejoin(existing, sender)
            return existing
    check_rate("conversation", account=sender.pk, new_account=is_new(sender), address=address)
    return do_start(sender, states, title)


def _rejoin(conversation: Conversation, sender: User) -> None:
    """Writing again into one's one-to-one conversation brings it back to one's inbox
    (after declining the other's request, say)."""
    Membership.objects.filter(conversation=conversation, user=sender).exclude(
        state=Membership.State.ACTIVE
    ).update(state=Membership.State.ACTIVE)


def do_start(sender: User, states: dict[int, str], title: str) -> Conversation:
    direct = len(states) == 1
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                kind=Conversation.Kind.DIRECT if direct else Conversation.Kind.GROUP,
                title="" if direct else title,
                created_by=sender,
                direct_key=Conversation.key_for(sender.pk, next(iter(states))) if direct else None,
            )
            Membership.objects.bulk_create(
                [Membership(conversation=conversation, user=sender)]
                + [
                    Membership(conversation=conversation, user_id=uid, state=state)
                    for uid, state in states.items()
                ]
            )
    except IntegrityError:  # the other person started the same conversation meanwhile
        if not direct:
            raise
        return Conversation.objects.get(direct_key=Conversation.key_for(sender.pk, *states))
    return conversation


def check_send(
    sender: User,
    membership: Membership,
    *,
    body: str = "",
    photo: Any = None,
    photo_size: int = 0,
    shared_note_id: int | None = None,
    reply_to_id: int | None = None,
    confirmed: bool = False,
    address: str = "",
) -> Message:
    """Send a message into a conversation the sender may read (the caller fetched
    `membership` with `queries.access_conversation`): text, a photo (checked like a note's),
    a note shared into the chat (one the sender may read), or several; optionally a reply to
    a message of the conversation. Conflict `accept_first` from someone who has not accepted
    the request yet; AreYouSure (409) for unkind words unless `confirmed`."""
    from crossnote.messaging.queries import access_message

    ensure_can_act(sender)
    if membership.state == Membership.State.REQUEST:
        raise Conflict(_("Accept the message request before you reply."), code="accept_first")
    text = clean_text(body)
    if len(text) > MAX_MESSAGE_LENGTH:
        raise InvalidInput(
            _("A message has at most %(max)d characters.") % {"max": MAX_MESSAGE_LENGTH},
            code="message_too_long",
        )
    if not text and photo is None and shared_note_id is None:
        raise InvalidInput(_("Write something first."), code="empty_message")
    check_rate("message", account=sender.pk, new_account=is_new(sender), address=address)
    check_kindness(text, confirmed)
    shared = access_note(sender, shared_note_id) if shared_note_id is not None else None
    reply_to = access_message(sender, membership, reply_to_id) if reply_to_id is not None else None
    upload = (photo, inspect_upload(photo, photo_size)) if photo is not None else None
    return do_send(sender, membership, text, upload, shared, reply_to)


def do_send(
    sender: User,
    membership: Membership,
    text: str,
    upload: Any,
    shared: Any,
    reply_to: Message | None,
) -> Message:
    written = StoredFiles()
    try:
        with transaction.atomic():
            photo = store_originals(sender, [upload], written)[0] if upload else None
            message = Message.objects.create(
                conversation_id=membership.conversation_id,
                sender=sender,
                body=text,
                language=detect_language(text, language_hint(sender)) if text else "",
                photo=photo,
                shared_note=shared,
                reply_to=reply_to,
            )
            Conversation.objects.filter(pk=membership.conversation_id).update(
                last_message_id=message.pk
            )
            # Everyone else still reading gets one more unread, except people who do not see
            # the sender (in a group, a member who blocked them never sees the message).
            hidden = blocked_either_way_ids(sender.pk)
            Membership.objects.filter(
                conversation_id=membership.conversation_id, state__in=_READING
            ).exclude(user_id__in=[sender.pk, *hidden]).update(unread=F("unread") + 1)
            Membership.objects.filter(pk=membership.pk).update(
                last_read_id=message.pk, unread=0, state=Membership.State.ACTIVE
            )
            if photo is not None:
                enqueue_on_commit(tasks.process_message_photo, message.pk)
            # Straight after the commit, not through the task queue: a message is delivered
            # to open clients in milliseconds, a queue would add its polling delay.
            transaction.on_commit(partial(delivery.message_sent, message.pk))
    except BaseException:
        written.discard()
        raise
    return message


_READING = (Membership.State.ACTIVE, Membership.State.REQUEST)


def do_accept(membership: Membership) -> None:
    """Accept a message request: the conversation moves to the inbox. Idempotent."""
    Membership.objects.filter(pk=membership.pk, state=Membership.State.REQUEST).update(
        state=Membership.State.ACTIVE
    )


def do_decline(membership: Membership) -> None:
    """Decline a message request: it is hidden from the person; the sender is not told.
    Only a request can be declined (leaving a group is `do_leave`)."""
    if membership.state != Membership.State.REQUEST:
        raise Conflict(_("That is not a message request."), code="not_a_request")
    Membership.objects.filter(pk=membership.pk).update(state=Membership.State.DECLINED, unread=0)


def do_leave(membership: Membership) -> None:
    """Leave a group: a former member reads nothing more of it, photos included."""
    if membership.conversation.kind != Conversation.Kind.GROUP:
        raise InvalidInput(
            _("You can leave groups. To stop a conversation, block the person."),
            code="not_a_group",
        )
    Membership.objects.filter(pk=membership.pk).update(state=Membership.State.LEFT, unread=0)
    delivery.conversation_changed(membership.conversation_id)


def group_admin_id(conversation: Conversation) -> int | None:
    """Who may remove members of a group: its creator while they are in it; once the
    creator has left (or deleted their account), the member who has been in it longest
    (the earliest active membership), so a group is never left without one. One query."""
    active = list(
        Membership.objects.filter(conversation_id=conversation.pk, state=Membership.State.ACTIVE)
        .values_list("user_id", flat=True)
        .order_by("id")
    )
    if conversation.created_by_id in active:
        return conversation.created_by_id
    return active[0] if active else None


def _ensure_group(conversation: Conversation) -> None:
    if conversation.kind != Conversation.Kind.GROUP:
        raise InvalidInput(
            _("Only groups have members to add or remove. Start a group instead."),
            code="not_a_group",
        )


def check_add_members(
    adder: User, membership: Membership, people: Sequence[User], *, address: str = ""
) -> list[User]:
    """Add people to a group the adder is an active member of (the caller fetched
    `membership` with `queries.access_conversation`), by the rules of `check_start`: people
    who know the adder join ACTIVE, others get a message request. People already in are
    left as they are; a former member (left, removed or declined) is added again. Returns
    who was added. InvalidInput `not_a_group` (a one-to-one), `too_many_members` (past
    MAX_MEMBERS), `no_recipients`; Conflict `accept_first` (the adder has not accepted the
    group yet); NotFound `person_not_found` for someone blocked either way or banned
    (exactly as if they were not there); Forbidden `person_suspended`, `private_account`,
    `suspended` (the adder); RateLimited. Nothing is stored unless all pass."""
    ensure_can_act(adder)
    conversation = membership.conversation
    _ensure_group(conversation)
    if membership.state != Membership.State.ACTIVE:
        raise Conflict(_("Accept the message request before you add people."), code="accept_first")
    named = list({p.pk: p for p in people if p.pk != adder.pk}.values())
    if not named:
        raise InvalidInput(_("Choose someone to add."), code="no_recipients")
    inside = _member_ids(conversation.pk)
    newcomers = [p for p in named if p.pk not in inside]
    _ensure_room(len(inside) + len(newcomers))
    hidden = blocked_either_way_ids(adder.pk)
    states = {person.pk: _joining_state(adder, person, hidden) for person in newcomers}
    if states:
        check_rate("conversation", account=adder.pk, new_account=is_new(adder), address=address)
        do_add_members(conversation, states)
    return newcomers


def _member_ids(conversation_id: int) -> set[int]:
    return set(
        Membership.objects.filter(conversation_id=conversation_id, state__in=_READING).values_list(
            "user_id", flat=True
        )
    )


def _ensure_room(members: int) -> None:
    if members > MAX_MEMBERS:
        raise InvalidInput(
            _("A group has at most %(max)d people.") % {"max": MAX_MEMBERS},
            code="too_many_members",
        )


def _joining_state(adder: User, person: User, hidden: set[int]) -> str:
    """The state `person` joins a conversation in when `adder` starts it with them or adds
    them to a group (`hidden`: the people blocked either way with `adder`), or the refusal.
    One rule for both ways in."""
    if not person.is_active or person.pk in hidden:
        raise NotFound(_("We could not find that person."), code="person_not_found")
    if person.suspended_until and person.suspended_until > timezone.now():
        raise Forbidden(
            _("@%(name)s can't join conversations right now.") % {"name": person.username},
            code="person_suspended",
        )
    knows = _knows(person.pk, adder.pk)
    if not knows and person.is_private:
        raise Forbidden(
            _("@%(name)s only takes messages from people they follow or who follow them.")
            % {"name": person.username},
            code="private_account",
        )
    return Membership.State.ACTIVE if knows else Membership.State.REQUEST


def do_add_members(conversation: Conversation, states: dict[int, str]) -> None:
    """Put people in a group with the given states (a former member's row is reused, so
    the unique membership holds), then tell everyone in it after the commit. The group is
    locked while it is counted again, so two additions at once cannot pass the cap."""
    with transaction.atomic():
        Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
        _ensure_room(len(_member_ids(conversation.pk) | set(states)))
        for user_id, state in states.items():
            # A newcomer has read nothing yet (their receipts say so); a former member keeps
            # how far they had read.
            Membership.objects.update_or_create(
                conversation_id=conversation.pk,
                user_id=user_id,
                defaults={"state": state, "unread": 0},
            )
        transaction.on_commit(partial(delivery.conversation_changed, conversation.pk))


def check_remove_member(remover: User, membership: Membership, person: User) -> None:
    """Remove `person` from a group: only its admin may (`group_admin_id`: the creator while
    in it). The person becomes a former member (LEFT): they read nothing more of it, photos
    included, and send nothing. InvalidInput `not_a_group`, `leave_instead` (removing
    oneself); Forbidden `not_group_admin`; NotFound `member_not_found` (not in the group)."""
    conversation = membership.conversation
    _ensure_group(conversation)
    if person.pk == remover.pk:
        raise InvalidInput(_("To go, leave the group."), code="leave_instead")
    if group_admin_id(conversation) != remover.pk:
        raise Forbidden(
            _(
                "Only the person who started the group can remove people (once they have "
                "left, the member who has been in it longest)."
            ),
            code="not_group_admin",
        )
    removed = Membership.objects.filter(
        conversation_id=conversation.pk, user_id=person.pk, state__in=_READING
    ).update(state=Membership.State.LEFT, unread=0)
    if not removed:
        raise NotFound(_("That person is not in this group."), code="member_not_found")
    # The removed person's open pages hear it too, so they stop showing the group.
    transaction.on_commit(partial(delivery.conversation_changed, conversation.pk, [person.pk]))


def check_report(
    reporter: User,
    membership: Membership,
    message_ids: Sequence[int],
    reason: str,
    text: str = "",
    *,
    block: bool = False,
    address: str = "",
) -> MessageReport:
    """Report messages of a conversation the reporter reads (others', which they can see):
    moderators will see those messages and nothing else. A reported request is declined;
    with `block`, the person (one-to-one) or the senders (group) are blocked too."""
    from crossnote.messaging.queries import shown_messages

    check_rate("report", account=reporter.pk, address=address)
    if reason not in Report.Reason.values:
        raise InvalidInput(_("Choose a reason for the report."), code="invalid_reason")
    words = clean_text(text)
    if len(words) > 1000:
        raise InvalidInput(
            _("A report's text has at most 1,000 characters."), code="report_too_long"
        )
    wanted = set(message_ids)
    messages = list(
        shown_messages(reporter, membership.conversation_id)
        .filter(pk__in=wanted)
        .exclude(sender=reporter)
    )
    if not messages or len(messages) != len(wanted):
        raise InvalidInput(
            _("Choose messages others sent in this conversation."), code="invalid_messages"
        )
    with transaction.atomic():
        report, _created = MessageReport.objects.get_or_create(
            reporter=reporter,
            conversation_id=membership.conversation_id,
            state=MessageReport.State.OPEN,
            defaults={"reason": reason, "text": words},
        )
        report.messages.add(*messages)
        if membership.state == Membership.State.REQUEST:
            do_decline(membership)
        if block:
            for sender in {m.sender for m in messages}:
                do_block(reporter, sender)
    return report


def do_mark_read(membership: Membership) -> None:
    """Everything in the conversation is read, up to its latest message."""
    latest = (
        Conversation.objects.filter(pk=membership.conversation_id)
        .values_list("last_message_id", flat=True)
        .first()
    ) or 0
    updated = (
        Membership.objects.filter(pk=membership.pk)
        .filter(Q(unread__gt=0) | Q(last_read_id__lt=latest))
        .update(unread=0, last_read_id=latest)
    )
    # Someone reading a message request reads it unseen: no receipt until they accept.
    if updated and membership.read_receipts and membership.state == Membership.State.ACTIVE:
        delivery.read(membership.conversation_id, membership.user_id)


def do_typing(membership: Membership) -> None:
    """Tell the others this person is writing (optional; clients send it at most every few
    seconds while a message is being typed). Only from someone who may send."""
    if membership.state == Membership.State.ACTIVE:
        delivery.typing(membership.conversation_id, membership.user_id, membership.user.username)


def do_settings(
    membership: Membership, *, translate: bool | None = None, read_receipts: bool | None = None
) -> Membership:
    """The person's own choices for a conversation: translate it into their language, and
    whether others see how far they have read."""
    fields = []
    if translate is not None:
        membership.translate = translate
        fields.append("translate")
    if read_receipts is not None:
        membership.read_receipts = read_receipts
        fields.append("read_receipts")
    if fields:
        membership.save(update_fields=fields)
    return membership


def check_decide_report(moderator: User, report_id: int, decision: str) -> MessageReport:
    """A moderator closes a report of messages as dismissed or actioned. The same decision
    again changes nothing (a double click, a retried request); Conflict (`report_decided`)
    for a report already decided the other way, so one moderator does not silently undo
    another's decision."""
    ensure_moderator(moderator)
    if decision not in (MessageReport.State.DISMISSED, MessageReport.State.ACTIONED):
        raise InvalidInput(_("Choose dismissed or actioned."), code="invalid_decision")
    with transaction.atomic():
        # Locked: two moderators deciding at once see each other's decision.
        report = MessageReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            raise NotFound()
        if report.state == decision:
            return report
        if report.state != MessageReport.State.OPEN:
            raise Conflict(
                _("Another decision was already made on this report."), code="report_decided"
            )
        report.state = decision
        report.save(update_fields=["state"])
    return report


def check_react(user: User, message: Message, emoji: str | None) -> dict[str, int]:
    """Set (or with None, remove) the person's reaction to a message they can see. Returns
    the message's reaction counts afterwards."""
    if emoji is not None:
        ensure_can_act(user)
        if emoji not in REACTIONS:
            raise InvalidInput(
                _("React with one of: %(list)s") % {"list": " ".join(REACTIONS)},
                code="invalid_reaction",
            )
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        counts = dict(locked.reactions)
        old = Reaction.objects.filter(message=locked, user=user).first()
        if old is not None:
            counts[old.emoji] = counts.get(old.emoji, 1) - 1
            old.delete()
        if emoji is not None:
            Reaction.objects.create(message=locked, user=user, emoji=emoji)
            counts[emoji] = counts.get(emoji, 0) + 1
        counts = {e: n for e, n in counts.items() if n > 0}
        Message.objects.filter(pk=locked.pk).update(reactions=counts)
        transaction.on_commit(partial(delivery.message_changed, locked.pk))
    return counts


def delete_all_for(user: User) -> dict[str, int]:
    """Delete everything of the person's messaging, for account deletion: the messages they
    sent (and their photos' files), their reactions (taken off others' counts), their
    memberships and the reports they filed. Conversations nobody is left in are deleted;
    others keep their own messages. Returns how many of each were deleted."""
    with transaction.atomic():
        reacted = list(Reaction.objects.filter(user=user).values_list("message_id", "emoji"))
        for message_id, emoji in reacted:
            locked = Message.objects.select_for_update().filter(pk=message_id).first()
            if locked is None:
                continue
            counts = {e: n - (e == emoji) for e, n in locked.reactions.items()}
            Message.objects.filter(pk=message_id).update(
                reactions={e: n for e, n in counts.items() if n > 0}
            )
        Reaction.objects.filter(user=user).delete()
        photo_ids = list(
            Message.objects.filter(sender=user, photo__isnull=False).values_list(
                "photo_id", flat=True
            )
        )
        conversation_ids = list(
            Membership.objects.filter(user=user).values_list("conversation_id", flat=True)
        )
        _total, by_model = Message.objects.filter(sender=user).delete()
        messages = by_model.get("messaging.Message", 0)
        _total, by_model = MessageReport.objects.filter(reporter=user).delete()
        reports = by_model.get("messaging.MessageReport", 0)
        memberships, _rows = Membership.objects.filter(user=user).delete()
        empty = Conversation.objects.filter(pk__in=conversation_ids).exclude(
            pk__in=Membership.objects.values("conversation_id")
        )
        _total, by_model = empty.delete()
        conversations = by_model.get("messaging.Conversation", 0)
        for cid in conversation_ids:
            latest = Message.objects.filter(conversation_id=cid).order_by("-id").first()
            Conversation.objects.filter(pk=cid).update(last_message_id=latest.pk if latest else 0)
        transaction.on_commit(partial(delete_photos, photo_ids))
    return {
        "messages": messages,
        "reactions": len(reacted),
        "memberships": memberships,
        "conversations": conversations,
        "message_reports": reports,
    }
