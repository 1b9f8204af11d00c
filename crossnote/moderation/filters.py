"""Keyword filters: applied to every page of notes, comments and notifications a person is
shown. "hide" drops what matches; "warn" keeps it, marked with `filtered` (the phrase), so
the web UI can fold it behind a "show" and API clients can do the same.

Matching folds case, width and Traditional/Simplified (the hashtag key rules), so a filter
on "剧透" also catches "劇透" and "SPOILER" catches "spoiler". A person's filters are cached
until they change them, so filtering a page costs no query.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
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


def forget_filters(user_id: int) -> None:
    """Drop the cached filters of a person (their account is being deleted)."""
    cache.delete(_key(user_id))


def filters_of(user_id: int) -> list[tuple[str, str]]:
    """[(folded phrase, action)], cached until the person changes their filters."""
    return cache.get_or_set(
        _key(user_id),
        lambda: list(
            KeywordFilter.objects.filter(owner_id=user_id).values_list("folded", "action")
        ),
        3600,
    )


def keyword_filters_of(user: User) -> QuerySet[KeywordFilter]:
    """A person's filters as they wrote them, oldest first (the API and the settings page)."""
    return KeywordFilter.objects.filter(owner=user).order_by("id")


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


def _rules_for(viewer: object) -> list[tuple[str, str]]:
    return filters_of(viewer.pk) if is_authenticated(viewer) else []  # type: ignore[attr-defined]


def _verdict(rules: list[tuple[str, str]], text: str) -> str | None:
    """None to hide `text`; else the phrase to warn about ("" when nothing matched)."""
    folded = fold(text)
    hits = [(phrase, action) for phrase, action in rules if phrase in folded]
    if any(action == KeywordFilter.Action.HIDE for _p, action in hits):
        return None
    return hits[0][0] if hits else ""


def apply_filters(viewer: object, notes: Sequence) -> list:
    """The notes the viewer keeps: "hide" matches dropped, "warn" matches marked with
    `filtered` (the phrase) so the card can stay behind a warning."""
    rules = _rules_for(viewer)
    if not rules:
        return list(notes)
    kept = []
    for note in notes:
        verdict = _verdict(rules, f"{note.title}\n{note.body}")
        if verdict is not None:
            note.filtered = verdict
            kept.append(note)
    return kept


def apply_comment_filters(viewer: object, comments: Sequence) -> list:
    """The comments the viewer keeps, as `apply_filters` does for notes. A hidden top-level
    comment takes its replies with it (they answer what the viewer chose not to read);
    replies prefetched as `all_replies` are filtered one by one."""
    rules = _rules_for(viewer)
    if not rules:
        return list(comments)
    kept = []
    for comment in comments:
        verdict = _verdict(rules, comment.body)
        if verdict is None:
            continue
        comment.filtered = verdict
        if hasattr(comment, "all_replies"):
            comment.all_replies = apply_comment_filters(viewer, comment.all_replies)
        kept.append(comment)
    return kept


def apply_notification_filters(viewer: object, notifications: Sequence) -> list:
    """The notifications the viewer keeps: those carrying text (a comment, or a note's title
    and text) are judged by it. A moderator's notice is never filtered."""
    rules = _rules_for(viewer)
    if not rules:
        return list(notifications)
    kept = []
    for item in notifications:
        if item.comment_id and item.comment:
            text = item.comment.body
        elif item.note_id and item.note:
            text = f"{item.note.title}\n{item.note.body}"
        else:
            text = ""
        verdict = "" if item.kind == "moderation" or not text else _verdict(rules, text)
        if verdict is not None:
            item.filtered = verdict
            kept.append(item)
    return kept
