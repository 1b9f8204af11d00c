"""Reads for guides: who guides which languages, the newcomer hub, and questions for guides."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from crossnote.accounts.models import User
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.engagement.models import Comment
from crossnote.guides.languages import base_language
from crossnote.guides.models import GuidePair
from crossnote.notes.models import Kind, Note
from crossnote.notes.queries import feed_notes
from crossnote.relations.queries import is_authenticated, unseen_people


def guides_reading(language: str) -> QuerySet[GuidePair]:
    """Guide pairs that include `language` (any script of it)."""
    lang = base_language(language)
    return GuidePair.objects.filter(Q(first_language=lang) | Q(second_language=lang))


def guide_languages(user: object) -> set[str]:
    """The base languages `user` guides in (empty for non-guides and visitors)."""
    if not is_authenticated(user):
        return set()
    languages: set[str] = set()
    for first, second in GuidePair.objects.filter(user_id=user.pk).values_list(  # type: ignore[attr-defined]
        "first_language", "second_language"
    ):
        languages |= {first, second}
    return languages


def guide_pair_keys(user: object) -> list[str]:
    if not is_authenticated(user):
        return []
    rows = GuidePair.objects.filter(user_id=user.pk).order_by(  # type: ignore[attr-defined]
        "first_language", "second_language"
    )
    return [p.key for p in rows]


def _answers() -> QuerySet[Comment]:
    return Comment.objects.filter(is_answer=True)


def has_guide_answer(note: Note) -> bool:
    """Whether a guide has answered `note` (always False for notes that are not questions)."""
    return note.kind == Kind.QUESTION and _answers().filter(note_id=note.pk).exists()


def pairs_with_guides() -> list[str]:
    """The language pairs someone guides in, as keys ("en-zh"), in order."""
    rows = GuidePair.objects.values_list("first_language", "second_language").distinct()
    return sorted(f"{a}-{b}" for a, b in rows)


def is_guide_for(user_id: int, language: str) -> bool:
    return guides_reading(language).filter(user_id=user_id).exists()


def hub_guides(pair: tuple[str, str]) -> QuerySet[GuidePair]:
    return GuidePair.objects.filter(first_language=pair[0], second_language=pair[1])


def hub_guide_people(viewer: object, pair: tuple[str, str], limit: int = 12) -> list[User]:
    """The most followed guides of a pair the viewer is shown (not banned, blocked either
    way or muted)."""
    pairs = (
        hub_guides(pair)
        .exclude(unseen_people(viewer, "user"))
        .select_related("user__avatar")
        .order_by("-user__follower_count", "user_id")
    )
    return [p.user for p in pairs[:limit]]


def hub_notes_page(
    viewer: object, pair: tuple[str, str], cursor: str | None, limit: int | None
) -> Page[Note]:
    """The best guide notes for a language pair: guide notes whose author guides in that
    pair and that are written in one of its languages, most collected (then liked) first.
    Collects weigh double because people keep the guides they find useful. Pages go on
    after the last (usefulness, id), not by offset, like every other list."""
    size = clamp_limit(limit)
    kind = f"hub:{pair[0]}-{pair[1]}"
    position = decode_cursor(cursor, kind)
    languages = Q(language__startswith=pair[0]) | Q(language__startswith=pair[1])
    notes = (
        feed_notes(viewer)
        .filter(kind=Kind.GUIDE, author_id__in=hub_guides(pair).values("user_id"))
        .filter(languages)
        .annotate(usefulness=2 * F("collect_count") + F("like_count"))
    )
    if position:
        u, last = position["u"], position["i"]
        notes = notes.filter(Q(usefulness__lt=u) | Q(usefulness=u, pk__lt=last))
    items = list(notes.order_by("-usefulness", "-id")[: size + 1])
    more = len(items) > size
    items = items[:size]
    next_cursor = (
        encode_cursor(kind, u=items[-1].usefulness, i=items[-1].pk)  # type: ignore[attr-defined]
        if more
        else None
    )
    return Page(items, next_cursor)


def questions_page(viewer: object, cursor: str | None, limit: int | None) -> Page[Note]:
    """Open and answered questions in the languages the viewer guides in, newest first,
    each with `answered` (a guide has answered it). Empty for someone who is not a guide."""
    size = clamp_limit(limit)
    languages = guide_languages(viewer)
    if not languages:
        return Page([], None)
    position = decode_cursor(cursor, "questions")
    in_languages = Q()
    for lang in sorted(languages):
        in_languages |= Q(language__startswith=lang)
    answered = Exists(_answers().filter(note_id=OuterRef("pk")))
    notes = (
        feed_notes(viewer)
        .filter(in_languages, kind=Kind.QUESTION)
        .exclude(author_id=viewer.pk)  # type: ignore[attr-defined]
        .annotate(answered=answered)
    )
    if position:
        notes = notes.filter(pk__lt=position["before"])
    items = list(notes.order_by("-id")[: size + 1])
    more = len(items) > size
    items = items[:size]
    return Page(items, encode_cursor("questions", before=items[-1].pk) if more else None)
