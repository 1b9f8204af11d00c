"""Every reason the compose form's text would be refused, field by field, all at once.

`notes.actions.check_create_note` stops at the first problem (the API answers with one
error code). The web form asks this first so a person sees each problem beside its field
in one go; `check_create_note` still decides, and checks the photos' contents.
"""

from __future__ import annotations

from collections.abc import Callable

from crossnote.accounts.models import User
from crossnote.core.errors import CrossnoteError
from crossnote.notes import actions, rules


def compose_errors(
    author: User, values: dict[str, str], image_count: int, has_video: bool = False
) -> dict[str, CrossnoteError]:
    """{field: the error} for the compose form (title, body, topic, place, visibility, kind,
    images); empty when each passes on its own. Reads only."""
    errors: dict[str, CrossnoteError] = {}
    media = image_count or int(has_video)
    checks: list[tuple[str, Callable[[], object]]] = [
        ("title", lambda: rules.check_title(values.get("title", ""))),
        ("body", lambda: rules.check_body(values.get("body", ""))),
        ("topic", lambda: rules.check_topic(values.get("topic", ""))),
        ("place", lambda: rules.check_place(values.get("place", ""))),
        ("visibility", lambda: rules.check_visibility(values.get("visibility", ""))),
        ("kind", lambda: actions._check_kind(author, values.get("kind", ""), media)),
    ]
    for field, check in checks:
        try:
            check()
        except CrossnoteError as exc:
            field = "images" if exc.code in ("no_images", "too_many_images") else field
            errors.setdefault(field, exc)
    if "title" not in errors and "body" not in errors:
        title = rules.check_title(values.get("title", ""))
        try:
            actions._check_not_empty(title, rules.check_body(values.get("body", "")))
        except CrossnoteError as exc:
            errors["body"] = exc
    return errors
