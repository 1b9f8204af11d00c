"""Notifications on the live channel: the bell's count changes on every open page at once."""

from __future__ import annotations

from crossnote import live
from crossnote.accounts.models import User
from crossnote.core.tasks import enqueue_on_commit
from crossnote.live.models import PushSubscription
from crossnote.live.push import send_push
from crossnote.notifications.models import Notification
from crossnote.notifications.queries import unread_count


def announce_new(notification: Notification) -> None:
    """Tell the recipient's open pages and clients about `notification` (after the commit),
    and push it to the devices where they allowed it (crossnote/live/push.py).
    Event `notification`: {"id", "kind", "unread"}; clients reload the list from the API."""
    recipient = User.objects.filter(pk=notification.recipient_id).first()
    if recipient is None:
        return
    live.publish(
        [recipient.pk],
        "notification",
        {"id": notification.pk, "kind": notification.kind, "unread": unread_count(recipient)},
    )
    if PushSubscription.objects.filter(user_id=recipient.pk).exists():
        enqueue_on_commit(send_push, recipient.pk, notification.pk)


def announce_read(user: User) -> None:
    """Some of `user`'s notifications were read (in another tab, by the API): event
    `notifications.read`: {"unread"}."""
    live.publish([user.pk], "notifications.read", {"unread": unread_count(user)})
