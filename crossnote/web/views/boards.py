"""Managing one's boards on the web: make one, rename it, make it private or public, delete
it. (Which boards anyone sees is engagement.queries.visible_boards; moving a note between
boards is the note page's collect menu.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossnote.core.errors import CrossnoteError
from crossnote.engagement import actions as engagement


def _back(request: HttpRequest, board_id: int | None = None) -> HttpResponse:
    if board_id is not None:
        return redirect("web:board", board_id=board_id)
    return redirect("web:profile_boards", username=request.user.username)


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    """A new board from the profile's Boards tab. A refused name is said in the flash area
    and the person stays on their boards, with the name they typed kept."""
    is_private = request.POST.get("visibility", "private") != "public"
    try:
        board = engagement.do_create_board(request.user, request.POST.get("name", ""), is_private)
    except CrossnoteError as exc:
        messages.error(request, exc.message)
        request.session["board_name_draft"] = request.POST.get("name", "")[:200]
        return _back(request)
    messages.success(request, _("Board created."))
    return _back(request, board.pk)


@login_required
@require_POST
def edit(request: HttpRequest, board_id: int) -> HttpResponse:
    """Rename a board and/or set who sees it. Someone else's board is a 404 (the action's
    NotFound, shown by the error middleware)."""
    name = request.POST.get("name")
    visibility = request.POST.get("visibility")
    is_private = None if visibility not in ("private", "public") else visibility == "private"
    try:
        engagement.do_update_board(request.user, board_id, name=name, is_private=is_private)
    except CrossnoteError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
        return _back(request, board_id)
    messages.success(request, _("Board saved."))
    return _back(request, board_id)


@login_required
@require_POST
def delete(request: HttpRequest, board_id: int) -> HttpResponse:
    """Delete a board; its notes go back to "Collected"."""
    try:
        engagement.do_delete_board(request.user, board_id)
    except CrossnoteError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
        return _back(request, board_id)
    messages.success(request, _("Board deleted. Its notes are back in Collected."))
    return _back(request)
