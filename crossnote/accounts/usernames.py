"""Username rules: NFKC-normalised, compared without regard to case, no invisible tricks,
and no look-alikes: two names whose Unicode TR39 confusable skeletons are equal (`anna` and
`аnna` with a Cyrillic а, `rn` and `m`) cannot both exist."""

from __future__ import annotations

import re
from functools import cache

import icu
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


@cache
def _spoof_checker() -> icu.SpoofChecker:
    # ICU's checker is safe to share between threads as long as nothing reconfigures it.
    return icu.SpoofChecker()


def username_skeleton(username: str) -> str:
    """The TR39 confusable skeleton (ICU's) of `username_key(username)`: equal skeletons mean
    the names look alike, and only one of them may exist (accounts.User.username_skeleton
    is unique). Only for comparing: never shown, never a username itself. The skeleton
    follows ICU's Unicode data, so an ICU upgrade may change a few (see the migration)."""
    return _spoof_checker().getSkeleton(0, username_key(username))


@cache
def _reserved_skeletons() -> frozenset[str]:
    return frozenset(username_skeleton(name) for name in RESERVED)


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
    if username_skeleton(name) in _reserved_skeletons():  # `adrnin` as much as `admin`
        raise InvalidUsername(_("That username is reserved."))
    return name
