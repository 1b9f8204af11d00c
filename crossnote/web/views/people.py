"""Profiles, boards, and following / blocking / muting people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossnote.accounts.queries import access_user
from crossnote.engagement.queries import access_board, boards_of
from crossnote.feeds.lists import board_notes_page, user_notes_page
from crossnote.guides.queries import guide_pair_keys
from crossnote.notes.queries import shown_note_count
from crossnote.relations import actions
from crossnote.relations.queries import relationship
from crossnote.translation import service
from crossnote.web import sharing
from crossnote.web.formatting import mentions_in
from crossnote.web.views.common import is_htmx, render_cards
from crossnote.web.views.translation import reading_target


def _profile_context(request: HttpRequest, username: str) -> dict:
    person = access_user(request.user, username)
    return {
        "person": person,
        "rel": relationship(request.user, person.pk),
        "is_me": request.user.is_authenticated and request.user.pk == person.pk,
        "mentions": mentions_in(person.bio),
        "can_translate": service.needs_translation(person.bio_language, reading_target(request)),
        "guide_pairs": guide_pair_keys(person),
        "note_count": shown_note_count(request.user, person),
        "preview": sharing.profile_preview(request, person),
        "share_url": sharing.share_url(request, "web:profile", person.username),
    }


def profile(request: HttpRequest, username: str) -> HttpResponse:
    context = _profile_context(request, username)
    page = user_notes_page(request.user, context["person"], request.GET.get("cursor"), None)
    return render_cards(request, "web/profile.html", page, {**context, "tab": "notes"})


def profile_boards(request: HttpRequest, username: str) -> HttpResponse:
    context = _profile_context(request, username)
    boards = boards_of(context["person"], request.user)
    # A name refused by boards.create comes back in the form (fields are kept).
    typed = request.session.pop("board_name_draft", "") if context["is_me"] else ""
    extra = {"tab": "boards", "boards": boards, "board_name_draft": typed}
    return render(request, "web/profile.html", {**context, **extra})


def board(request: HttpRequest, board_id: int) -> HttpResponse:
    shown = access_board(request.user, board_id)
    page = board_notes_page(request.user, shown, request.GET.get("cursor"), None)
    mine = request.user.is_authenticated and request.user.pk == shown.owner_id
    return render_cards(request, "web/board.html", page, {"board": shown, "is_mine": mine})


RELATION_ACTIONS = {
    "follow": lambda viewer, person: actions.check_follow(viewer, person),
    "unfollow": actions.do_unfollow,
    "block": actions.do_block,
    "unblock": actions.do_unblock,
    "mute": actions.do_mute,
    "unmute": actions.do_unmute,
}


def _relation_message(verb: str, name: str) -> str | None:
    """What to tell the viewer after a block, a mute or undoing either."""
    if verb == "mute":
        return _(
            "You muted %(name)s. Their notes, comments and notifications are hidden from you; "
            "they are not told."
        ) % {"name": name}
    if verb == "unmute":
        return _("You unmuted %(name)s.") % {"name": name}
    if verb == "block":
        return _(
            "You blocked %(name)s. You no longer see each other's notes, comments or likes."
        ) % {"name": name}
    if verb == "unblock":
        return _("You unblocked %(name)s. You see each other's notes again.") % {"name": name}
    return None


@login_required
@require_POST
def relate(request: HttpRequest, username: str, verb: str) -> HttpResponse:
    """Follow, unfollow, block, unblock, mute or unmute someone."""
    person = access_user(request.user, username)
    action = RELATION_ACTIONS.get(verb)
    if action is None:
        return HttpResponse(status=404)
    action(request.user, person)
    if said := _relation_message(verb, person.shown_name):
        messages.success(request, said)
    if is_htmx(request) and verb in ("follow", "unfollow"):
        person.refresh_from_db(fields=["follower_count"])
        return render(
            request,
            "web/partials/follow_button.html",
            {
                "person": person,
                "rel": relationship(request.user, person.pk),
                # On a profile the follower count beside the button follows, out of band.
                "counts": request.POST.get("counts") == "1",
            },
        )
    return redirect("web:profile", username=person.username)
