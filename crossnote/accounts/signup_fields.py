"""Every reason a sign-up form would be refused, field by field, all at once.

`accounts.actions.check_signup` stops at the first problem (the API's contract: one error
code). A person filling in the form should hear about every field at once, so the web form
asks this first and shows each message beside its field; `check_signup` still decides.
"""

from __future__ import annotations

from collections.abc import Iterable

from crossnote.accounts import actions
from crossnote.accounts.models import User
from crossnote.accounts.usernames import normalize_username
from crossnote.core.errors import CrossnoteError


def signup_errors(
    username: str, password: str, languages: Iterable[str], email: str = ""
) -> dict[str, CrossnoteError]:
    """{field: the error} for each field of the sign-up form that would be refused
    (username, password, languages, email); empty when each passes on its own. Reads only."""
    errors: dict[str, CrossnoteError] = {}
    name = username
    try:
        name = normalize_username(username)
        actions._check_username_free(name)
    except CrossnoteError as exc:
        errors["username"] = exc
    checks = (
        ("password", lambda: actions._check_password(password, User(username=name))),
        ("languages", lambda: actions._check_languages(languages)),
        ("email", lambda: actions.check_email_address(email)),
    )
    for field, check in checks:
        try:
            check()
        except CrossnoteError as exc:
            errors[field] = exc
    return errors
