from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from crossnote.api import present
from crossnote.api.auth import optional, required
from crossnote.api.rendering import json_response
from crossnote.api.routes.users import note_page
from crossnote.api.schemas import ERROR_CODES, ErrorOut, NotePageOut
from crossnote.feeds.discover import discover_page
from crossnote.feeds.following import following_cards
from crossnote.moderation.filters import apply_filters

router = Router(tags=["feeds"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


@router.get("/feeds/following", response={200: NotePageOut, **E}, auth=required)
def following(request: HttpRequest, cursor: str | None = None, limit: int | None = None):
    """Notes from the people you follow, newest first."""
    page = following_cards(request.auth, cursor, limit)
    cards = [present.note_card_row(c) for c in apply_filters(request.auth, page.items)]
    # present.note_card_row builds NotePageOut's exact shape, so Ninja's validation of the
    # answer (a third of the request's time) is skipped: an HttpResponse is sent as it is,
    # rendered by the API's own renderer. The tests check every answer against the schema.
    return json_response(request, {"items": cards, "next_cursor": page.next_cursor})


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
