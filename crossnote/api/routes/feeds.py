from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from crossnote.api.auth import optional, required
from crossnote.api.routes.users import note_page
from crossnote.api.schemas import ERROR_CODES, ErrorOut, NotePageOut
from crossnote.feeds.discover import discover_page
from crossnote.feeds.following import following_page

router = Router(tags=["feeds"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


@router.get("/feeds/following", response={200: NotePageOut, **E}, auth=required)
def following(request: HttpRequest, cursor: str | None = None, limit: int | None = None):
    """Notes from the people you follow, newest first."""
    return note_page(request, following_page(request.auth, cursor, limit))


@router.get("/feeds/discover", response={200: NotePageOut, **E}, auth=optional)
def discover(
    request: HttpRequest,
    topic: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """Fresh, engaging notes, one per author per page, tilted toward topics you like.
    `topic`: fashion, beauty, food, travel, wellness, home or other."""
    return note_page(request, discover_page(request.auth, topic, cursor, limit))
