from __future__ import annotations

from django.http import HttpRequest

from crossnote.messaging.queries import unread_counts
from crossnote.moderation.models import Report
from crossnote.notifications.queries import unread_count


def navigation(request: HttpRequest) -> dict:
    """What the header shows on every page: the unread notification count (and the report
    reasons, for the report menus)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {
        "unread_notifications": unread_count(user),
        "unread_messages": unread_counts(user),
        "report_reasons": Report.Reason.choices,
    }
