"""Keyword filters: applied to every page of notes a person is shown.

Matching folds case, width and Traditional/Simplified (the hashtag key rules), so a filter
on "剧透" also catches "劇透" and "SPOILER" catches "spoiler". A person's filters are cached
until they change them, so filtering a page costs no query.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import Conflict, InvalidInput, NotFound
from crossnote.core.text import clean_text
from crossnote.moderation.models import KeywordFilter
from crossnote.relations.queries import is_authenticated
from crossnote.tags.parsing import tag_key

MAX_FILTERS = 100


def fold(text: str) -> str:
    return tag_key(text)


def _key(user_id: int) -> str:
    return f"keyword-filters:{user_id}"


def filters_of(user_id: int) -> list[tuple[str, str]]:
    """[(folded phrase, action)], cached until the person changes their filters."""
    return cache.get_or_set(
        _key(user_id),
        lambda: list(
            KeywordFilter.objects.filter(owner_id=user_id).values_list("folded", "action")
        ),
        3600,
    )


def check_add_filter(user: User, phrase: str, action: str) -> KeywordFilter:
    phrase = " ".join(clean_text(phrase).split())
    if not 1 <= len(phrase) <= 60:
        raise InvalidInput(_("A filter is 1 to 60 characters."), code="invalid_filter")
    if action not in KeywordFilter.Action.values:
        raise InvalidInput(_("A filter either hides or warns."), code="invalid_filter_action")
    if KeywordFilter.objects.filter(owner=user).count() >= MAX_FILTERS:
        raise Conflict(_("You have too many filters."), code="too_many_filters")
    try:
        with transaction.atomic():
            made = KeywordFilter.objects.create(
                owner=user, phrase=phrase, folded=fold(phrase), action=action
            )
    except IntegrityError:
        raise Conflict(_("You already filter that."), code="filter_exists") from None
    cache.delete(_key(user.pk))
    return made


def do_remove_filter(user: User, filter_id: int) -> None:
    deleted, _rows = KeywordFilter.objects.filter(owner=user, pk=filter_id).delete()
    if not deleted:
        raise NotFound()
    cache.delete(_key(user.pk))


def apply_filters(viewer: object, notes: Sequence) -> list:
    """The notes the viewer keeps: "hide" matches dropped, "warn" matches marked with
    `filtered` (the phrase) so the card can stay behind a warning."""
    if not is_authenticated(viewer):
        return list(notes)
    rules = filters_of(viewer.pk)  # type: ignore[attr-defined]
    if not rules:
        return list(notes)
    kept = []
    for note in notes:
        text = fold(f"{note.title}\n{note.body}")
        hits = [(phrase, action) for phrase, action in rules if phrase in text]
        if any(action == KeywordFilter.Action.HIDE for _p, action in hits):
            continue
        note.filtered = hits[0][0] if hits else ""
        kept.append(note)
    return kept
