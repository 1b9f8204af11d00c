"""Onboarding, guides, the newcomer hub and questions for guides."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from crossnote.accounts import onboarding
from crossnote.api import present
from crossnote.api.auth import optional, required
from crossnote.api.routes.users import note_page
from crossnote.api.schemas import (
    ERROR_CODES,
    ErrorOut,
    GuidePairsIn,
    GuidePairsOut,
    HubOut,
    MeOut,
    NotePageOut,
    OnboardingIn,
    SuggestedPersonOut,
)
from crossnote.guides import actions, queries
from crossnote.guides.languages import newcomer_pair, parse_pair
from crossnote.moderation.filters import apply_filters
from crossnote.relations.queries import is_authenticated

router = Router(tags=["newcomers and guides"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


@router.post("/me/onboarding", response={200: MeOut, **E}, auth=required)
def finish_onboarding(request: HttpRequest, payload: OnboardingIn):
    """The welcome steps: languages, topics, the guidelines (which must be accepted) and,
    for locals, guide pairs to volunteer for. Can be sent again to change the answers."""
    user = onboarding.check_onboarding(request.auth, **payload.model_dump())
    user.guide_pair_keys = queries.guide_pair_keys(user)
    return present.me(user)


@router.get("/me/suggestions", response={200: list[SuggestedPersonOut], **E}, auth=required)
def suggestions(request: HttpRequest):
    """People to follow: guides who speak your languages first, then popular authors in
    your topics."""
    return [
        {**present.user_card(p), "is_guide": p.is_guide}
        for p in onboarding.suggested_people(request.auth)
    ]


@router.put("/me/guide-pairs", response={200: GuidePairsOut, **E}, auth=required)
def set_guide_pairs(request: HttpRequest, payload: GuidePairsIn):
    """Volunteer as a guide for these language pairs (an empty list stops guiding)."""
    return {"pairs": actions.check_guide_pairs(request.auth, payload.pairs)}


@router.get("/guides/hub", response={200: HubOut, **E}, auth=optional)
def hub(
    request: HttpRequest,
    pair: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """The newcomer hub: the most useful guide notes for a language pair, and its guides.
    Without `pair`, the pair of your first language and the other site language."""
    if pair:
        chosen = parse_pair(pair)
    else:
        spoken = request.auth.languages if is_authenticated(request.auth) else []
        chosen = newcomer_pair(spoken, request.LANGUAGE_CODE)
    page = queries.hub_notes_page(request.auth, chosen, cursor, limit)
    return {
        "pair": f"{chosen[0]}-{chosen[1]}",
        "guides": [present.user_card(u) for u in queries.hub_guide_people(request.auth, chosen)],
        "items": present.note_cards(apply_filters(request.auth, page.items)),
        "next_cursor": page.next_cursor,
    }


@router.get("/guides/questions", response={200: NotePageOut, **E}, auth=required)
def questions(request: HttpRequest, cursor: str | None = None, limit: int | None = None):
    """Questions from newcomers in the languages you guide in, newest first, each with
    `answered`. Empty until you volunteer as a guide."""
    return note_page(request, queries.questions_page(request.auth, cursor, limit))
