"""People: profiles, their notes and boards, follow / block / mute."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from crossnote.accounts.queries import access_user
from crossnote.api import present
from crossnote.api.auth import optional, required
from crossnote.api.schemas import (
    ERROR_CODES,
    BoardOut,
    DoneOut,
    ErrorOut,
    FollowOut,
    NotePageOut,
    UserOut,
)
from crossnote.engagement.queries import access_board, boards_of
from crossnote.feeds.lists import board_notes_page, user_notes_page
from crossnote.guides.queries import guide_pair_keys
from crossnote.moderation.filters import apply_filters
from crossnote.notes.queries import shown_note_count
from crossnote.relations import actions
from crossnote.relations.queries import relationship

router = Router(tags=["people"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


def note_page(request: HttpRequest, page) -> dict:
    """A page of cards, after the viewer's keyword filters."""
    cards = apply_filters(request.auth, page.items)
    return {"items": present.note_cards(cards), "next_cursor": page.next_cursor}


@router.get("/users/{username}", response={200: UserOut, **E}, auth=optional)
def get_user(request: HttpRequest, username: str):
    user = access_user(request.auth, username)
    rel = relationship(request.auth, user.pk) if request.auth.is_authenticated else None
    user.guide_pair_keys = guide_pair_keys(user)
    return present.user_full(user, rel, shown_note_count(request.auth, user))


@router.get("/users/{username}/notes", response={200: NotePageOut, **E}, auth=optional)
def user_notes(
    request: HttpRequest, username: str, cursor: str | None = None, limit: int | None = None
):
    user = access_user(request.auth, username)
    return note_page(request, user_notes_page(request.auth, user, cursor, limit))


@router.get("/users/{username}/boards", response={200: list[BoardOut], **E}, auth=optional)
def user_boards(request: HttpRequest, username: str):
    user = access_user(request.auth, username)
    return [present.board(b) for b in boards_of(user, request.auth)]


@router.get("/boards/{board_id}/notes", response={200: NotePageOut, **E}, auth=optional)
def board_notes(
    request: HttpRequest, board_id: int, cursor: str | None = None, limit: int | None = None
):
    board = access_board(request.auth, board_id)
    return note_page(request, board_notes_page(request.auth, board, cursor, limit))


@router.post("/users/{username}/follow", response={200: FollowOut, **E}, auth=required)
def follow(request: HttpRequest, username: str):
    """Follow someone; for a private account this sends a request (`status: requested`)."""
    target = access_user(request.auth, username)
    return {"status": actions.check_follow(request.auth, target)}


@router.delete("/users/{username}/follow", response={200: FollowOut, **E}, auth=required)
def unfollow(request: HttpRequest, username: str):
    target = access_user(request.auth, username)
    actions.do_unfollow(request.auth, target)
    return {"status": "none"}


@router.post("/users/{username}/block", response={200: DoneOut, **E}, auth=required)
def block(request: HttpRequest, username: str):
    """Block someone: follows both ways end and each of you disappears for the other."""
    actions.do_block(request.auth, access_user(request.auth, username))
    return {"ok": True}


@router.delete("/users/{username}/block", response={200: DoneOut, **E}, auth=required)
def unblock(request: HttpRequest, username: str):
    actions.do_unblock(request.auth, access_user(request.auth, username))
    return {"ok": True}


@router.post("/users/{username}/mute", response={200: DoneOut, **E}, auth=required)
def mute(request: HttpRequest, username: str):
    """Hide someone's notes and notifications from you, without telling them."""
    actions.do_mute(request.auth, access_user(request.auth, username))
    return {"ok": True}


@router.delete("/users/{username}/mute", response={200: DoneOut, **E}, auth=required)
def unmute(request: HttpRequest, username: str):
    actions.do_unmute(request.auth, access_user(request.auth, username))
    return {"ok": True}


@router.delete("/users/{username}/follower", response={200: DoneOut, **E}, auth=required)
def remove_follower(request: HttpRequest, username: str):
    """Make someone stop following you."""
    actions.do_remove_follower(request.auth, access_user(request.auth, username))
    return {"ok": True}
