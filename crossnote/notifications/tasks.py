"""Notifications are written in the background, after the action that caused them commits."""

from __future__ import annotations

from django.db.models import Q

from crossnote.accounts.models import User
from crossnote.core.tasks import background
from crossnote.notes.queries import may_read_note
from crossnote.notifications.grouping import group_key
from crossnote.notifications.live import announce_new
from crossnote.notifications.models import Notification
from crossnote.relations.queries import is_hidden

# Kinds that a person can trigger again and again (like, unlike, like...): one row is enough.
_ONCE_ONLY = {"like", "collect", "follow", "follow_request", "follow_accepted", "comment_like"}


@background()
def notify(
    kind: str,
    actor_id: int,
    recipient_id: int,
    note_id: int | None = None,
    comment_id: int | None = None,
) -> None:
    """Tell `recipient_id` that `actor_id` did `kind`, unless either blocked, the recipient
    muted the actor (a mute is silent: the actor cannot tell), or the recipient may not read
    the note it is about (a mention in a note they cannot see must not reveal it; listing
    checks the same rule again, see notifications.queries)."""
    if actor_id == recipient_id or kind not in Notification.Kind.values:
        return
    if is_hidden(recipient_id, actor_id):
        return
    if note_id is not None and not _may_read(recipient_id, note_id):
        return
    fields = {
        "recipient_id": recipient_id,
        "actor_id": actor_id,
        "kind": kind,
        "note_id": note_id,
        "comment_id": comment_id,
    }
    key = group_key(kind, note_id, comment_id)
    if kind in _ONCE_ONLY:
        notification, created = Notification.objects.get_or_create(
            **fields, defaults={"group_key": key}
        )
    else:
        notification, created = Notification.objects.create(**fields, group_key=key), True
    if created:
        announce_new(notification)


def _may_read(recipient_id: int, note_id: int) -> bool:
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    return recipient is not None and may_read_note(recipient, note_id)


@background()
def forget_between(a_id: int, b_id: int) -> None:
    """After a block, neither keeps notifications caused by the other."""
    Notification.objects.filter(
        Q(recipient_id=a_id, actor_id=b_id) | Q(recipient_id=b_id, actor_id=a_id)
    ).delete()
