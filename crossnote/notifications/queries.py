from __future__ import annotations

from crossnote.accounts.models import User
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.notifications.models import Notification


def notifications_page(user: User, cursor: str | None, limit: int | None) -> Page[Notification]:
    """The user's notifications, newest first."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "notifications")
    rows = (
        Notification.objects.filter(recipient=user)
        .select_related("actor__avatar", "note", "comment")
        .order_by("-id")
    )
    if position:
        rows = rows.filter(id__lt=position["before"])
    items = list(rows[: size + 1])
    more = len(items) > size
    items = items[:size]
    next_cursor = encode_cursor("notifications", before=items[-1].pk) if more else None
    return Page(items, next_cursor)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
