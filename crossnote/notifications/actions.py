from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.notifications.live import announce_read
from crossnote.notifications.models import Notification


def do_mark_read(user: User, ids: list[int] | None = None) -> int:
    """Mark the given notifications (or all of them) read. Returns how many changed.

    A grouped notification stands for its group (grouping.py): marking it read marks the
    group's older notifications too (not newer ones, which its reader has not seen)."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        keys = (
            Notification.objects.filter(recipient=user, pk__in=ids)
            .exclude(group_key="")
            .values("group_key")
        )
        newest = max(ids, default=0)
        rows = rows.filter(Q(pk__in=ids) | Q(group_key__in=keys, pk__lte=newest))
    changed = rows.update(read_at=timezone.now())
    if changed:
        announce_read(user)
    return changed
