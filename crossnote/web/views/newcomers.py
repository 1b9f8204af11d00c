"""Newcomers and guides on the web: the welcome steps, the newcomer hub, questions for
guides, and volunteering as a guide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossnote.accounts.onboarding import check_onboarding, suggested_people
from crossnote.core.errors import CrossnoteError
from crossnote.guides import actions, queries
from crossnote.guides.languages import PAIR_CHOICES, newcomer_pair, pair_label, parse_pair
from crossnote.notes.models import Topic
from crossnote.web.views.account import LANGUAGE_CHOICES, next_url
from crossnote.web.views.common import render_cards


def _fresh_relationship(follows_me: bool) -> dict[str, bool]:
    return {
        "following": False,
        "requested": False,
        "followed_by": follows_me,
        "blocking": False,
        "muting": False,
    }


@login_required
def welcome(request: HttpRequest) -> HttpResponse:
    """The welcome steps after sign-up: languages, topics, people, the guidelines."""
    user = request.user
    error = None
    if request.method == "POST":
        try:
            check_onboarding(
                user,
                languages=request.POST.getlist("languages"),
                reading_language=request.POST.get("reading_language", ""),
                interests=request.POST.getlist("interests"),
                accept_guidelines=request.POST.get("accept_guidelines") == "on",
                guide_pairs=request.POST.getlist("guide_pairs"),
            )
        except CrossnoteError as exc:
            error = exc
        else:
            messages.success(request, _("Welcome to Crossnote! Here is where to start."))
            return redirect(next_url(request, "/newcomers"))
    people = suggested_people(user)
    chosen = {
        "languages": request.POST.getlist("languages") if error else user.languages,
        "interests": request.POST.getlist("interests") if error else user.interests,
        "guide_pairs": request.POST.getlist("guide_pairs")
        if error
        else queries.guide_pair_keys(user),
    }
    return render(
        request,
        "web/welcome.html",
        {
            "error": error,
            "languages": LANGUAGE_CHOICES,
            "topics": Topic.choices,
            "pairs": PAIR_CHOICES,
            "chosen": chosen,
            # Suggestions leave out anyone followed, asked, blocked or muted already.
            "people": [(p, _fresh_relationship(p.follows_me)) for p in people],
            "next": next_url(request, "/newcomers"),
        },
        status=error.status if error else 200,
    )


def hub(request: HttpRequest) -> HttpResponse:
    """The newcomer hub: the best guide notes for a language pair, its guides, and ways to
    ask a local."""
    raw = request.GET.get("pair", "")
    try:
        pair = parse_pair(raw) if raw else None
    except CrossnoteError:
        pair = None
    if pair is None:
        spoken = request.user.languages if request.user.is_authenticated else []
        pair = newcomer_pair(spoken, request.LANGUAGE_CODE)
    page = queries.hub_notes_page(request.user, pair, request.GET.get("cursor"), None)
    key = f"{pair[0]}-{pair[1]}"
    return render_cards(
        request,
        "web/hub.html",
        page,
        {
            "pair": key,
            "pairs": [key, *(p for p in queries.pairs_with_guides() if p != key)],
            "guides": queries.hub_guide_people(request.user, pair),
            "is_guide": bool(queries.guide_languages(request.user)),
        },
    )


@login_required
def questions(request: HttpRequest) -> HttpResponse:
    """Questions newcomers asked, in the languages the viewer guides in."""
    page = queries.questions_page(request.user, request.GET.get("cursor"), None)
    keys = queries.guide_pair_keys(request.user)
    return render_cards(
        request,
        "web/questions.html",
        page,
        {
            "guide_pairs": keys,
            "pair_labels": [pair_label(key) for key in keys],
            "pairs": PAIR_CHOICES,
        },
    )


@login_required
@require_POST
def volunteer(request: HttpRequest) -> HttpResponse:
    """Set the language pairs the member guides in (none: stop guiding)."""
    try:
        pairs = actions.check_guide_pairs(request.user, request.POST.getlist("guide_pairs"))
    except CrossnoteError as exc:
        messages.error(request, exc.message)
    else:
        if pairs:
            messages.success(request, _("Thank you for guiding newcomers!"))
        else:
            messages.success(request, _("You are no longer a guide."))
    return redirect(next_url(request, "/guides/questions"))
