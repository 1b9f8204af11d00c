"""Username rules: NFKC-normalised, compared without regard to case, no invisible tricks."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from crossnote.core.errors import InvalidInput
from crossnote.core.text import has_invisible_controls, nfkc

MIN_LENGTH = 2
MAX_LENGTH = 30
# Letters and digits of any script, plus _ and . (not first or last): `@小红薯`, `@anna.li`.
_SHAPE = re.compile(r"^\w(?:[\w.]*\w)?$")
RESERVED = frozenset(
    {
        "admin",
        "api",
        "static",
        "media",
        "me",
        "settings",
        "login",
        "logout",
        "signup",
        "notes",
        "tags",
        "search",
        "explore",
        "discover",
        "following",
        "notifications",
        "crossnote",
        "moderator",
        "support",
        "help",
        "about",
    }
)


class InvalidUsername(InvalidInput):
    code = "invalid_username"


def username_key(username: str) -> str:
    """The form two usernames are compared in: NFKC, then case-folded."""
    return nfkc(username).casefold()


def normalize_username(raw: str) -> str:
    """The stored form of a username, or InvalidUsername with a reason a person understands."""
    if has_invisible_controls(raw):
        raise InvalidUsername(
            _("Usernames cannot contain invisible or direction-changing characters.")
        )
    name = nfkc(raw.strip())
    if has_invisible_controls(name):
        raise InvalidUsername(
            _("Usernames cannot contain invisible or direction-changing characters.")
        )
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        raise InvalidUsername(
            _("A username has %(min)d to %(max)d characters.")
            % {"min": MIN_LENGTH, "max": MAX_LENGTH}
        )
    if not _SHAPE.match(name):
        raise InvalidUsername(
            _(
                "A username may use letters, digits, '_' and '.', "
                "and must start and end with a letter or digit."
            )
        )
    if username_key(name) in RESERVED:
        raise InvalidUsername(_("That username is reserved."))
    return name
