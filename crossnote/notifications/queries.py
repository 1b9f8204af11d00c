from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Max, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat

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
    # A grouped one stands for its group.
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


def _groups(user: User) -> QuerySet:
    """One row per group (a notification on its own is a group of one), newest first:
    its key, newest id, how many distinct people and how many unread."""
    key = Case(
        When(group_key="", then=Concat(Value("n"), Cast("id", CharField()))),
        default=F("group_key"),
        output_field=CharField(),
    )
    return (
        _shown(user)
        .annotate(g=key)
        .values("g")
        .annotate(
            latest=Max("id"),
            people=Count("actor_id", distinct=True),
            unread=Count("id", filter=Q(read_at__isnull=True)),
        )
        .order_by("-latest")
    )


def notifications_page(user: User, cursor: str | None, limit: int | None) -> NotificationPage:
    """The user's notifications, newest first, grouped (grouping.py): each item is the
    group's newest notification, with `others` (other people in the group), `group_count`
    and `unread` (any of the group unread). After the user's keyword filters (those hidden
    by one are dropped, warned ones carry `filtered`)."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "notifications")
    groups = _groups(user)
    if position:
        groups = groups.filter(latest__lt=position["before"])
    page = list(groups[: size + 1])
    more = len(page) > size
    page = page[:size]
    by_id = {
        n.pk: n
        for n in Notification.objects.filter(pk__in=[g["latest"] for g in page]).select_related(
            "actor__avatar", "note", "comment"
        )
    }
    items = []
    for g in page:
        n = by_id[g["latest"]]
        n.others, n.unread = g["people"] - 1, g["unread"] > 0
        items.append(n)
    next_cursor = encode_cursor("notifications", before=page[-1]["latest"]) if more else None
    covered = [n.pk for n in items]  # each stands for its group (actions.do_mark_read)
    return NotificationPage(apply_notification_filters(user, items), next_cursor, covered)


def unread_count(user: User) -> int:
    return _shown(user).filter(read_at__isnull=True).count()
