"""Reads about relationships, shaped for use inside other queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from crossnote.relations.models import Block, Follow, FollowRequest, Mute

if TYPE_CHECKING:
    from crossnote.accounts.models import User

# The settings page lists at most this many blocked (or muted) people, most recent first.
SAFETY_LIST_LIMIT = 500


def is_authenticated(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_blocked_either_way(a_id: int, b_id: int) -> bool:
    return Block.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    ).exists()


def blocked_either_way_ids(user_id: int) -> set[int]:
    """Everyone `user_id` has blocked or is blocked by: invisible to each other everywhere."""
    rows = Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id)).values_list(
        "blocker_id", "blocked_id"
    )
    return {b if a == user_id else a for a, b in rows}


def relationship(viewer: object, other_id: int) -> dict[str, bool]:
    """How the viewer stands with another person, for profile pages and API answers."""
    if not is_authenticated(viewer) or viewer.pk == other_id:  # type: ignore[attr-defined]
        return {
            "following": False,
            "requested": False,
            "followed_by": False,
            "blocking": False,
            "muting": False,
        }
    vid = viewer.pk  # type: ignore[attr-defined]
    return {
        "following": Follow.objects.filter(follower_id=vid, followee_id=other_id).exists(),
        "requested": FollowRequest.objects.filter(requester_id=vid, target_id=other_id).exists(),
        "followed_by": Follow.objects.filter(follower_id=other_id, followee_id=vid).exists(),
        "blocking": Block.objects.filter(blocker_id=vid, blocked_id=other_id).exists(),
        "muting": Mute.objects.filter(muter_id=vid, muted_id=other_id).exists(),
    }


def unseen_people(viewer: object, field: str, *, mutes: bool = True) -> Q:
    """Rows whose person in `field` (a foreign key to User) the viewer is not shown: banned
    people, for everyone; anyone blocked either way; and, with `mutes`, anyone the viewer
    muted. Subqueries, not ids, so a list stays one query. Use as `.exclude(...)`."""
    hidden = Q(**{f"{field}__is_active": False})
    if is_authenticated(viewer):
        vid = viewer.pk  # type: ignore[attr-defined]
        blocked_by_me = Block.objects.filter(blocker_id=vid).values("blocked_id")
        blocking_me = Block.objects.filter(blocked_id=vid).values("blocker_id")
        hidden |= Q(**{f"{field}_id__in": blocked_by_me}) | Q(**{f"{field}_id__in": blocking_me})
        if mutes:
            muted = Mute.objects.filter(muter_id=vid).values("muted_id")
            hidden |= Q(**{f"{field}_id__in": muted})
    return hidden


def blocked_by(user: User, limit: int = SAFETY_LIST_LIMIT) -> list[User]:
    """The people `user` blocked, most recent first, for the settings page (where each can be
    unblocked). Banned people are left out: they are not there to unblock. One query."""
    rows = (
        Block.objects.filter(blocker=user, blocked__is_active=True)
        .select_related("blocked__avatar")
        .order_by("-id")[:limit]
    )
    return [row.blocked for row in rows]


def muted_by(user: User, limit: int = SAFETY_LIST_LIMIT) -> list[User]:
    """The people `user` muted, most recent first, as `blocked_by`. One query."""
    rows = (
        Mute.objects.filter(muter=user, muted__is_active=True)
        .select_related("muted__avatar")
        .order_by("-id")[:limit]
    )
    return [row.muted for row in rows]
