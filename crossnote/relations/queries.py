"""Reads about relationships, shaped for use inside other queries."""

from __future__ import annotations

from django.db.models import Q

from crossnote.relations.models import Block, Follow, FollowRequest, Mute


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
