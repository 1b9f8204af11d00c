"""Reads about relationships, shaped for use inside other queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from crossnote.relations.models import Block, Follow, FollowRequest, Mute

if TYPE_CHECKING:
    from crossnote.accounts.models import User

# The settings page lists at most this many blocked (or muted) people, most recent first.
SAFETY_LIST_LIMIT = 500


def is_authenticated(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# Who is not shown whom, written once. Banned (deactivated) people are shown to nobody.
# Beyond that, each line is a table whose row hides its `person` column's person from its
# `viewer` column's person; a mute hides only one way, and only where the caller says
# mutes count (a note page or a profile is an explicit visit, shown despite a mute). The
# ORM conditions below and the raw SQL of `shown_people_sql` are both built from it.
HIDING = (
    (Block, "blocker_id", "blocked_id"),  # the viewer blocked them
    (Block, "blocked_id", "blocker_id"),  # they blocked the viewer
    (Mute, "muter_id", "muted_id"),  # the viewer muted them
)


def _edges(mutes: bool) -> list[tuple[type[Block | Mute], str, str]]:
    return [edge for edge in HIDING if mutes or edge[0] is not Mute]


def _path(field: str, name: str) -> str:
    """A lookup on the person `field` names; "" when the rows are people themselves."""
    return f"{field}__{name}" if field else name


def _person_id(field: str) -> str:
    return f"{field}_id" if field else "pk"


def hidden_people_ids(viewer_id: int, *, mutes: bool = True) -> list[QuerySet]:
    """Subqueries of the ids of the people the rule hides from `viewer_id` (banned people
    aside), to use with `__in` so a list stays one query."""
    return [
        model.objects.filter(**{viewer: viewer_id}).values_list(person, flat=True)
        for model, viewer, person in _edges(mutes)
    ]


def unseen_people(viewer: object, field: str, *, mutes: bool = True, banned: bool = True) -> Q:
    """Rows whose person in `field` (a foreign key to User; "" when the rows are people)
    the viewer is not shown: banned people (unless `banned` is False, for moderators and
    for work decided before a ban); anyone blocked either way; with `mutes`, anyone the
    viewer muted. Subqueries, not ids, so a list stays one query. Use as `.exclude(...)`;
    an empty Q when nothing is hidden."""
    hidden = Q(**{_path(field, "is_active"): False}) if banned else Q()
    if is_authenticated(viewer):
        vid = viewer.pk  # type: ignore[attr-defined]
        for ids in hidden_people_ids(vid, mutes=mutes):
            hidden |= Q(**{f"{_person_id(field)}__in": ids})
    return hidden


def people_not_seeing(person_id: int, field: str, *, mutes: bool = True) -> Q:
    """The same rule from the other side: rows whose person in `field` is not shown
    `person_id` (is banned, is blocked either way, or, with `mutes`, muted them), such as
    the guides a question's asker must not reach. Use as `.exclude(...)`."""
    hidden = Q(**{_path(field, "is_active"): False})
    for model, viewer, person in _edges(mutes):
        who = model.objects.filter(**{person: person_id}).values_list(viewer, flat=True)
        hidden |= Q(**{f"{_person_id(field)}__in": who})
    return hidden


def is_hidden(viewer_id: int, person_id: int, *, mutes: bool = True) -> bool:
    """Whether the rule hides `person_id` from `viewer_id`, bans aside (the caller has
    both people at hand). One query per table."""
    by_model: dict[type, Q] = {}
    for model, viewer, person in _edges(mutes):
        pair = Q(**{viewer: viewer_id, person: person_id})
        by_model[model] = by_model[model] | pair if model in by_model else pair
    return any(model.objects.filter(pair).exists() for model, pair in by_model.items())


def has_blocked(blocker_id: int, blocked_id: int) -> bool:
    """One way only: a profile stays open to the person who blocked its owner (to unblock)."""
    return Block.objects.filter(blocker_id=blocker_id, blocked_id=blocked_id).exists()


def is_blocked_either_way(a_id: int, b_id: int) -> bool:
    return is_hidden(a_id, b_id, mutes=False)


def blocked_either_way_ids(user_id: int) -> set[int]:
    """Everyone `user_id` has blocked or is blocked by: invisible to each other everywhere."""
    first, *rest = hidden_people_ids(user_id, mutes=False)
    return set(first.union(*rest))


def shown_people_sql(person: str, active: str, *, mutes: bool = True) -> tuple[str, int]:
    """The rule for raw SQL: a condition true for rows whose person (the id column
    `person`, whose account's is_active column is `active`) the viewer is shown, and how
    many times the viewer's id must be passed as a parameter for it."""
    edges = _edges(mutes)
    # Only names from HIDING and the caller's code go into the text; the viewer is a parameter.
    parts = [active] + [
        f"{person} NOT IN (SELECT {column} FROM {model._meta.db_table} WHERE {viewer} = %s)"  # noqa: S608
        for model, viewer, column in edges
    ]
    return "(" + " AND ".join(parts) + ")", len(edges)


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


def blocks_and_mutes_of(user: object) -> dict[str, QuerySet]:
    """Every block and mute the person made, banned people included, oldest first: what
    their data export lists (the safety page uses `blocked_by` / `muted_by`)."""
    return {
        "blocked": Block.objects.filter(blocker=user).order_by("pk"),
        "muted": Mute.objects.filter(muter=user).order_by("pk"),
    }
