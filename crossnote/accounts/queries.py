from __future__ import annotations

from crossnote.accounts.models import User
from crossnote.accounts.usernames import username_key
from crossnote.core.errors import NotFound
from crossnote.relations.models import Block
from crossnote.relations.queries import is_authenticated


def access_user(viewer: object, username: str) -> User:
    """An active person the viewer may see: NotFound for unknown names and for anyone who
    blocked the viewer (to the blocked, the blocker is simply not there). A blocker still
    finds the person they blocked, to unblock them; their notes stay hidden."""
    user = (
        User.objects.select_related("avatar")
        .filter(username_key=username_key(username), is_active=True)
        .first()
    )
    if user is None:
        raise NotFound()
    if (
        is_authenticated(viewer)
        and Block.objects.filter(blocker=user, blocked_id=viewer.pk).exists()
    ):  # type: ignore[attr-defined]
        raise NotFound()
    return user
