from __future__ import annotations

from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.notifications.live import announce_read
from crossnote.notifications.models import Notification


def do_mark_read(user: User, ids: list[int] | None = None) -> int:
    """Mark the given notifications (or all of them) read. Returns how many changed."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    changed = rows.update(read_at=timezone.now())
    if changed:
        announce_read(user)
    return changed
