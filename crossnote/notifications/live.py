"""Notifications on the live channel: the bell's count changes on every open page at once."""

from __future__ import annotations

from crossnote import live
from crossnote.accounts.models import User
from crossnote.notifications.models import Notification
from crossnote.notifications.queries import unread_count


def announce_new(notification: Notification) -> None:
    """Tell the recipient's open pages and clients about `notification` (after the commit).
    Event `notification`: {"id", "kind", "unread"}; clients reload the list from the API."""
    recipient = User.objects.filter(pk=notification.recipient_id).first()
    if recipient is None:
        return
    live.publish(
        [recipient.pk],
        "notification",
        {"id": notification.pk, "kind": notification.kind, "unread": unread_count(recipient)},
    )


def announce_read(user: User) -> None:
    """Some of `user`'s notifications were read (in another tab, by the API): event
    `notifications.read`: {"unread"}."""
    live.publish([user.pk], "notifications.read", {"unread": unread_count(user)})
