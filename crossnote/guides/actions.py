"""Writes for guides: volunteering for language pairs."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import InvalidInput
from crossnote.guides.languages import parse_pair
from crossnote.guides.models import GuidePair
from crossnote.moderation.permissions import ensure_can_act

MAX_PAIRS = 6


def check_guide_pairs(user: User, pairs: Iterable[str]) -> list[str]:
    """Make `pairs` (like ["en-zh"]) the user's guide pairs; an empty list stops guiding.
    Returns the pairs now held, as keys. InvalidInput names the first bad pair."""
    return do_set_guide_pairs(user, clean_guide_pairs(user, pairs))


def clean_guide_pairs(user: User, pairs: Iterable[str]) -> list[tuple[str, str]]:
    """The pairs as (first, second) languages, without repeats. Forbidden while suspended
    (guiding is public), InvalidInput for a bad pair or too many."""
    ensure_can_act(user)
    wanted: list[tuple[str, str]] = []
    for raw in pairs:
        pair = parse_pair(raw)
        if pair not in wanted:
            wanted.append(pair)
    if len(wanted) > MAX_PAIRS:
        raise InvalidInput(
            _("You can guide in at most %(max)d language pairs.") % {"max": MAX_PAIRS},
            code="too_many_pairs",
        )
    return wanted


def do_set_guide_pairs(user: User, pairs: list[tuple[str, str]]) -> list[str]:
    with transaction.atomic():
        current = {
            (p.first_language, p.second_language): p.pk for p in GuidePair.objects.filter(user=user)
        }
        GuidePair.objects.filter(
            pk__in=[pk for pair, pk in current.items() if pair not in pairs]
        ).delete()
        GuidePair.objects.bulk_create(
            GuidePair(user=user, first_language=a, second_language=b)
            for a, b in pairs
            if (a, b) not in current
        )
    return [f"{a}-{b}" for a, b in sorted(pairs)]
