from __future__ import annotations

from collections.abc import Iterable

from crossnote.accounts.models import User
from crossnote.accounts.usernames import MIN_LENGTH, username_key
from crossnote.core.errors import NotFound
from crossnote.moderation.queries import is_moderator
from crossnote.relations.queries import has_blocked, is_authenticated


def access_user(viewer: object, username: str) -> User:
    """An active person the viewer may see: NotFound for unknown names and for anyone who
    blocked the viewer (to the blocked, the blocker is simply not there). A blocker still
    finds the person they blocked, to unblock them; their notes stay hidden. A banned person
    is not there, except for moderators."""
    user = User.objects.select_related("avatar").filter(username_key=username_key(username)).first()
    if user is None or user.deleted_at is not None:
        raise NotFound()  # a deleted account's tombstone only keeps its name taken
    if not user.is_active and not is_moderator(viewer):
        raise NotFound()
    if is_authenticated(viewer) and has_blocked(user.pk, viewer.pk):  # type: ignore[attr-defined]
        raise NotFound()
    return user


def _prefixes(candidate: str) -> list[str]:
    """The candidate and, when it runs into non-Latin text, its shorter beginnings."""
    if candidate.isascii():
        return [candidate]
    return [candidate[:end] for end in range(len(candidate), MIN_LENGTH - 1, -1)]


def resolve_mentions(candidates: Iterable[str]) -> dict[str, User]:
    """Map each mention candidate (from tags.parsing.parse_mentions) to the active person
    it names: the longest of its beginnings that is a username. One query."""
    wanted = {c: [username_key(p) for p in _prefixes(c)] for c in candidates}
    keys = {key for options in wanted.values() for key in options}
    if not keys:
        return {}
    people = {u.username_key: u for u in User.objects.filter(username_key__in=keys, is_active=True)}
    found = {}
    for candidate, options in wanted.items():
        person = next((people[k] for k in options if k in people), None)
        if person is not None:
            found[candidate] = person
    return found


def reset_recipients(identifier: str) -> list[User]:
    """The active people with an email address whom a reset request for `identifier` (a
    username, or an email address, which several accounts may share) is about."""
    people = User.objects.filter(is_active=True).exclude(email="")
    if "@" in identifier:
        return list(people.filter(email=identifier.strip().lower()).order_by("pk"))
    return list(people.filter(username_key=username_key(identifier.strip())))


def email_language(user: User, fallback: str = "") -> str:
    """The interface language to write to `user` in: the first of their reading language,
    the languages they speak, and `fallback` (the one they asked in) that Crossnote has;
    English when none is."""
    for code in (user.reading_language, *(user.languages or []), fallback):
        code = (code or "").lower()
        if code.startswith("zh"):
            return "zh-hans"  # the closest we have, for Traditional readers too
        if code.startswith("en"):
            return "en"
    return "en"
