"""A new member's first steps: languages, topics, people to follow, the guidelines.

`check_onboarding` is the write (validate, then store everything at once);
`suggested_people` is the read that fills the "people to follow" step.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.actions import _check_languages, check_interests
from crossnote.accounts.models import User
from crossnote.core.errors import InvalidInput
from crossnote.guides.languages import base_language
from crossnote.notes.models import Note, Visibility
from crossnote.relations.models import Follow, FollowRequest
from crossnote.relations.queries import unseen_people

SUGGESTIONS = 12


def check_onboarding(
    user: User,
    *,
    languages: Iterable[str],
    reading_language: str = "",
    interests: Iterable[str] = (),
    accept_guidelines: bool = False,
    guide_pairs: Iterable[str] | None = None,
) -> User:
    """Store the answers of the welcome steps. InvalidInput (nothing stored) when no language
    is chosen, a value is unknown, or the guidelines are not accepted."""
    spoken = _check_languages(languages)
    if not spoken:
        raise InvalidInput(_("Choose at least one language you speak."), code="no_language")
    reading = _check_languages([reading_language])[0] if reading_language else spoken[0]
    topics = check_interests(interests)
    if not accept_guidelines:
        raise InvalidInput(
            _("Please read the community guidelines and accept them to continue."),
            code="guidelines_not_accepted",
        )
    pairs = None
    if guide_pairs is not None:
        from crossnote.guides.actions import clean_guide_pairs

        wanted = list(guide_pairs)
        pairs = clean_guide_pairs(user, wanted) if wanted else []
    return do_onboard(user, spoken, reading, topics, pairs)


def do_onboard(
    user: User,
    languages: list[str],
    reading_language: str,
    interests: list[str],
    guide_pairs: list[tuple[str, str]] | None,
) -> User:
    from crossnote.guides.actions import do_set_guide_pairs

    now = timezone.now()
    with transaction.atomic():
        user.languages = languages
        user.reading_language = reading_language
        user.interests = interests
        user.onboarded_at = now
        user.guidelines_accepted_at = user.guidelines_accepted_at or now
        user.save(
            update_fields=[
                "languages",
                "reading_language",
                "interests",
                "onboarded_at",
                "guidelines_accepted_at",
            ]
        )
        if guide_pairs is not None:
            do_set_guide_pairs(user, guide_pairs)
    return user


def suggested_people(user: User, limit: int = SUGGESTIONS) -> list[User]:
    """People a newcomer may like to follow: first guides who speak one of their languages,
    then the most followed authors in their topics. Never themselves, anyone they already
    follow or asked to follow, blocked either way or muted, or inactive accounts. Each person
    carries `is_guide` and `follows_me` (for a "Follow back" button). Three queries."""
    from crossnote.guides.models import GuidePair

    own = {base_language(code) for code in user.languages} or {"en"}
    excluded = (
        Q(pk=user.pk)
        | Q(pk__in=Follow.objects.filter(follower=user).values("followee_id"))
        | Q(pk__in=FollowRequest.objects.filter(requester=user).values("target_id"))
        | unseen_people(user, "")
    )
    people = User.objects.exclude(excluded).select_related("avatar")
    guide_ids = GuidePair.objects.filter(
        Q(first_language__in=own) | Q(second_language__in=own)
    ).values("user_id")
    guides = list(people.filter(pk__in=guide_ids).order_by("-follower_count", "pk")[:limit])
    for person in guides:
        person.is_guide = True  # type: ignore[attr-defined]
    authors = Note.objects.filter(state=Note.State.PUBLISHED, visibility=Visibility.PUBLIC)
    if user.interests:
        authors = authors.filter(topic__in=user.interests)
    popular = list(
        people.filter(pk__in=authors.values("author_id"), is_private=False)
        .exclude(pk__in=[g.pk for g in guides])
        .order_by("-follower_count", "pk")[: max(0, limit - len(guides))]
    )
    for person in popular:
        person.is_guide = False  # type: ignore[attr-defined]
    people = guides + popular
    fans = set(
        Follow.objects.filter(followee=user, follower_id__in=[p.pk for p in people]).values_list(
            "follower_id", flat=True
        )
    )
    for person in people:
        person.follows_me = person.pk in fans  # type: ignore[attr-defined]
    return people
