"""Who may do what: the suspension and moderator checks every actions module asks.

Imports nothing of Crossnote but `core`, so any app's actions (and `moderation.actions`,
which calls theirs) can import it at the top without an import cycle.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.core.errors import Forbidden


def ensure_can_act(user: object) -> None:
    """Suspended people may read, not write anything others would see: no note (new or
    edited), comment, like (of a note or a comment), collect, follow, new board, or profile
    change. What only protects or concerns themselves stays open: reporting, blocking,
    muting, keyword filters, unfollowing, un-liking, deleting their own notes and comments,
    answering follow requests, passwords and tokens. Raises Forbidden (`suspended`)."""
    until = getattr(user, "suspended_until", None)
    if until and until > timezone.now():
        raise Forbidden(
            _("Your account is suspended until %(date)s.")
            % {"date": until.strftime("%Y-%m-%d %H:%M UTC")},
            code="suspended",
        )


def ensure_moderator(user: object) -> None:
    """Raises Forbidden (`not_a_moderator`) unless `user` may handle reports."""
    if not getattr(user, "has_perm", None) or not user.has_perm("moderation.moderate"):  # type: ignore[attr-defined]
        raise Forbidden(_("Only moderators can do that."), code="not_a_moderator")
