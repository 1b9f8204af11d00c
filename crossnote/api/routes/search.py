from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router

from crossnote.api import present
from crossnote.api.auth import optional
from crossnote.api.schemas import ERROR_CODES, ErrorOut, SearchOut
from crossnote.moderation.filters import apply_filters
from crossnote.search.queries import search_notes, search_users

router = Router(tags=["search"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


@router.get("/search", response={200: SearchOut, **E}, auth=optional)
def search(
    request: HttpRequest,
    q: str,
    type: Literal["notes", "users"] = "notes",
    cursor: str | None = None,
    limit: int | None = None,
):
    """Notes (title, text and hashtags) or people, in English or Chinese, best match first."""
    if type == "users":
        page = search_users(request.auth, q, cursor, limit)
        return {
            "type": type,
            "notes": [],
            "users": [present.user_card(u) for u in page.items],
            "next_cursor": page.next_cursor,
        }
    notes = search_notes(request.auth, q, cursor, limit)
    return {
        "type": type,
        "notes": present.note_cards(apply_filters(request.auth, notes.items)),
        "users": [],
        "next_cursor": notes.next_cursor,
    }
