from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from crossnote.accounts.models import User
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.moderation.filters import apply_notification_filters
from crossnote.notes.queries import readable_notes
from crossnote.notifications.models import Notification
from crossnote.relations.queries import unseen_people


@dataclass(frozen=True)
class NotificationPage(Page[Notification]):
    # Every notification the page covered, those a keyword filter hid included: opening the
    # page marks them all read, or a hidden one would keep the unread count up for ever.
    covered_ids: list[int] = field(default_factory=list)


def _shown(user: User) -> QuerySet[Notification]:
    """The user's notifications, minus those caused by people they no longer see: banned,
    blocked either way, or muted since (new ones from them are never written, see
    notifications.tasks.notify; these are the ones from before). Unmuting brings them back.

    A notification about a note (and so any comment on it) is shown only while the user may
    read that note (notes.queries.readable_notes): one rule for every kind, applied when the
    list is read, so a note made private or followers-only since, or an unfollow, takes its
    notifications and their excerpts away; they come back with the audience."""
    readable = Q(note__isnull=True) | Q(note_id__in=readable_notes(user).values("pk"))
    return (
        Notification.objects.filter(recipient=user)
        .exclude(unseen_people(user, "actor"))
        .filter(readable)
    )


def notifications_page(user: User, cursor: str | None, limit: int | None) -> NotificationPage:
    """The user's notifications, newest first, after their keyword filters (those hidden by
    one are dropped, warned ones carry `filtered`)."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "notifications")
    rows = _shown(user).select_related("actor__avatar", "note", "comment").order_by("-id")
    if position:
        rows = rows.filter(id__lt=position["before"])
    items = list(rows[: size + 1])
    more = len(items) > size
    items = items[:size]
    next_cursor = encode_cursor("notifications", before=items[-1].pk) if more else None
    shown = apply_notification_filters(user, items)
    return NotificationPage(shown, next_cursor, [n.pk for n in items])


def unread_count(user: User) -> int:
    return _shown(user).filter(read_at__isnull=True).count()
