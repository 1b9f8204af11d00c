"""Reads about moderation that other areas ask: is this person a moderator?

Kept apart from `moderation.actions` (which imports the relations and feeds writes) so that
read modules such as `notes.queries` can ask without an import cycle.
"""

from __future__ import annotations

from crossnote.relations.queries import is_authenticated


def is_moderator(user: object) -> bool:
    """Whether `user` may handle reports. Costs a permission query the first time per
    request (Django caches it on the user), so callers ask only when it matters."""
    return is_authenticated(user) and bool(user.has_perm("moderation.moderate"))  # type: ignore[attr-defined]
