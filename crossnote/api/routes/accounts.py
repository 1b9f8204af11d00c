"""Sign-up, tokens, and everything under /me."""

from __future__ import annotations

from django.contrib.auth import logout
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import File, Router, Schema, Status, UploadedFile
from pydantic import Field

from crossnote.accounts import actions, resets
from crossnote.accounts.models import ApiToken, User
from crossnote.accounts.queries import access_user
from crossnote.api import present
from crossnote.api.auth import required
from crossnote.api.schemas import (
    ERROR_CODES,
    BoardEditIn,
    BoardIn,
    BoardOut,
    DeletionIn,
    DeletionOut,
    DoneOut,
    ErrorOut,
    MeOut,
    NewTokenOut,
    PasswordIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    ProfileIn,
    SignupIn,
    SignupOut,
    TokenIn,
    TokenOut,
    UserPageOut,
)
from crossnote.core.clients import client_address, site_url
from crossnote.core.errors import InvalidInput, NotAuthenticated
from crossnote.engagement import actions as engagement
from crossnote.engagement.queries import boards_of
from crossnote.moderation.filters import check_add_filter, do_remove_filter, keyword_filters_of
from crossnote.relations import actions as relations
from crossnote.relations.models import FollowRequest

router = Router(tags=["accounts"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


@router.post("/auth/signup", response={201: SignupOut, **E}, auth=None)
def signup(request: HttpRequest, payload: SignupIn):
    user = actions.check_signup(
        payload.username,
        payload.password,
        payload.display_name,
        payload.languages,
        address=client_address(request),
        email=payload.email,
    )
    _token, raw = actions.do_create_token(user, "Sign-up")
    return Status(201, {"user": present.me(user), "token": raw})


@router.post("/auth/token", response={201: NewTokenOut, **E}, auth=None)
def create_token(request: HttpRequest, payload: TokenIn):
    """Log in: trade a username and password for a new bearer token."""
    user = actions.check_login(payload.username, payload.password, client_address(request))
    if user is None:
        raise NotAuthenticated("That username and password do not match.", code="wrong_credentials")
    token, raw = actions.do_create_token(user, payload.name)
    cancelled = getattr(user, "deletion_cancelled", False)
    return Status(201, {**present.token(token), "token": raw, "deletion_cancelled": cancelled})


@router.post("/auth/password-reset", response={202: DoneOut, **E}, auth=None)
def request_password_reset(request: HttpRequest, payload: PasswordResetIn):
    """Email a link to set a new password to the account with this username or address.

    The answer is the same whether or not such an account exists or has an address."""
    resets.check_request_password_reset(
        payload.identifier,
        address=client_address(request),
        origin=site_url(request),
        language=get_language(),
    )
    return Status(202, {"ok": True})


@router.post("/auth/password-reset/confirm", response={200: DoneOut, **E}, auth=None)
def confirm_password_reset(request: HttpRequest, payload: PasswordResetConfirmIn):
    """Set a new password with the uid and token from the emailed link. Every session and
    API token of the account ends, and the link stops working."""
    resets.check_password_reset(
        payload.uid, payload.token, payload.new_password, address=client_address(request)
    )
    return {"ok": True}


@router.post("/auth/logout", response={200: DoneOut, **E}, auth=required)
def logout_here(request: HttpRequest):
    """Revoke the token this request used (or end this web session)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        actions.do_revoke_token_secret(header[7:].strip())
    else:
        logout(request)
    return {"ok": True}


@router.post("/auth/logout-everywhere", response={200: DoneOut, **E}, auth=required)
def logout_everywhere(request: HttpRequest):
    """End every session and revoke every token, this one included."""
    actions.do_logout_everywhere(request.auth)
    return {"ok": True}


@router.post("/me/deletion", response={202: DeletionOut, **E}, auth=required)
def request_deletion(request: HttpRequest, payload: DeletionIn):
    """Delete the account after the grace period (CROSSNOTE_DELETION_GRACE_DAYS, 14 days),
    with the current password. Every session and API token ends at once; logging in before
    the date cancels the deletion (the token answer then says `deletion_cancelled`)."""
    from crossnote.accounts import deletion

    user = deletion.check_request_deletion(request.auth, payload.password)
    return Status(
        202,
        {
            "deletion_requested_at": user.deletion_requested_at,
            "deletion_due_at": deletion.deletion_due_at(user),
        },
    )


@router.get("/me", response={200: MeOut, **E}, auth=required)
def get_me(request: HttpRequest):
    from crossnote.guides.queries import guide_pair_keys

    request.auth.guide_pair_keys = guide_pair_keys(request.auth)
    return present.me(request.auth)


@router.patch("/me", response={200: MeOut, **E}, auth=required)
def update_me(request: HttpRequest, payload: ProfileIn):
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    user = actions.check_update_profile(request.auth, **changes)
    return present.me(user)


@router.post("/me/password", response={200: DoneOut, **E}, auth=required)
def change_password(request: HttpRequest, payload: PasswordIn):
    """Change the password. Every session and token ends, this one included."""
    actions.check_change_password(request.auth, payload.current_password, payload.new_password)
    return {"ok": True}


@router.post("/me/avatar", response={202: DoneOut, **E}, auth=required)
def set_avatar(request: HttpRequest, image: File[UploadedFile]):
    """Upload a new avatar. It replaces the old one once processed."""
    actions.check_set_avatar(request.auth, image, image.size)
    return Status(202, {"ok": True})


@router.get("/me/tokens", response={200: list[TokenOut], **E}, auth=required)
def list_tokens(request: HttpRequest):
    return [present.token(t) for t in ApiToken.objects.filter(user=request.auth).order_by("-id")]


@router.delete("/me/tokens/{token_id}", response={200: DoneOut, **E}, auth=required)
def revoke_token(request: HttpRequest, token_id: int):
    actions.do_revoke_token(request.auth, token_id)
    return {"ok": True}


@router.get("/me/follow-requests", response={200: UserPageOut, **E}, auth=required)
def follow_requests(request: HttpRequest):
    """People asking to follow your private account, oldest first."""
    ids = FollowRequest.objects.filter(target=request.auth).order_by("id").values("requester_id")
    people = User.objects.filter(pk__in=ids, is_active=True).select_related("avatar")[:200]
    return {"items": [present.user_card(u) for u in people], "next_cursor": None}


@router.post(
    "/me/follow-requests/{username}/{decision}", response={200: DoneOut, **E}, auth=required
)
def answer_follow_request(request: HttpRequest, username: str, decision: str):
    """Approve or deny a follow request: decision is `approve` or `deny`."""
    if decision not in ("approve", "deny"):
        raise InvalidInput("Say approve or deny.", code="invalid_decision")
    requester = access_user(request.auth, username)
    relations.do_answer_follow_request(request.auth, requester, decision == "approve")
    return {"ok": True}


class FilterIn(Schema):
    phrase: str = Field(max_length=200)
    action: str = Field("hide", description="hide, or warn (show behind a warning)")


class FilterOut(Schema):
    id: int
    phrase: str
    action: str


@router.get("/me/filters", response={200: list[FilterOut], **E}, auth=required)
def list_filters(request: HttpRequest):
    rows = keyword_filters_of(request.auth)
    return [{"id": f.pk, "phrase": f.phrase, "action": f.action} for f in rows]


@router.post("/me/filters", response={201: FilterOut, **E}, auth=required)
def add_filter(request: HttpRequest, payload: FilterIn):
    """Hide (or warn about) notes containing a word or phrase, in any case or script form."""
    made = check_add_filter(request.auth, payload.phrase, payload.action)
    return Status(201, {"id": made.pk, "phrase": made.phrase, "action": made.action})


@router.delete("/me/filters/{filter_id}", response={200: DoneOut, **E}, auth=required)
def remove_filter(request: HttpRequest, filter_id: int):
    do_remove_filter(request.auth, filter_id)
    return {"ok": True}


@router.get("/me/boards", response={200: list[BoardOut], **E}, auth=required)
def my_boards(request: HttpRequest):
    engagement.default_board(request.auth)
    return [present.board(b) for b in boards_of(request.auth, request.auth)]


@router.post("/me/boards", response={201: BoardOut, **E}, auth=required)
def create_board(request: HttpRequest, payload: BoardIn):
    board = engagement.do_create_board(request.auth, payload.name, payload.is_private)
    return Status(201, present.board(board))


@router.patch("/me/boards/{board_id}", response={200: BoardOut, **E}, auth=required)
def edit_board(request: HttpRequest, board_id: int, payload: BoardEditIn):
    """Rename a board and/or make it private or public. Someone else's board is a 404.
    (A collected note moves between boards with POST /notes/{id}/collect and a board_id.)"""
    board = engagement.do_update_board(
        request.auth, board_id, name=payload.name, is_private=payload.is_private
    )
    shown = next(b for b in boards_of(request.auth, request.auth) if b.pk == board.pk)
    return present.board(shown)


@router.delete("/me/boards/{board_id}", response={200: DoneOut, **E}, auth=required)
def delete_board(request: HttpRequest, board_id: int):
    engagement.do_delete_board(request.auth, board_id)
    return {"ok": True}
