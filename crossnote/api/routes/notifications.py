from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from crossnote.api import present
from crossnote.api.auth import required
from crossnote.api.schemas import (
    ERROR_CODES,
    ErrorOut,
    MarkReadIn,
    MarkReadOut,
    NotificationPageOut,
)
from crossnote.notifications.actions import do_mark_read
from crossnote.notifications.queries import notifications_page, unread_count

router = Router(tags=["notifications"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


@router.get("/notifications", response={200: NotificationPageOut, **E}, auth=required)
def notifications(request: HttpRequest, cursor: str | None = None, limit: int | None = None):
    page = notifications_page(request.auth, cursor, limit)
    # Those a keyword filter hid are never shown, so the client cannot mark them read: they
    # are marked read here, or they would hold the unread count up for ever.
    hidden = set(page.covered_ids) - {n.pk for n in page.items}
    if hidden:
        do_mark_read(request.auth, sorted(hidden))
    return {
        "items": [present.notification(n) for n in page.items],
        "next_cursor": page.next_cursor,
        "unread": unread_count(request.auth),
    }


@router.post("/notifications/read", response={200: MarkReadOut, **E}, auth=required)
def mark_read(request: HttpRequest, payload: MarkReadIn):
    return {"marked": do_mark_read(request.auth, payload.ids)}
