"""Opaque cursors and page-size clamping shared by every feed and list.

A cursor is a signed, compressed JSON payload: clients cannot forge or edit one, and the
server is free to change what it carries. Lists never page by offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core import signing
from django.utils.translation import gettext_lazy as _

from crossnote.core.errors import InvalidInput

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
_SALT = "crossnote.cursor"

T = TypeVar("T")


class InvalidCursor(InvalidInput):
    code = "invalid_cursor"
    default_message = _("That page link is broken or has expired. Start again from the top.")


def encode_cursor(kind: str, **position: Any) -> str:
    return signing.dumps({"k": kind, **position}, salt=_SALT, compress=True)


def decode_cursor(token: str | None, kind: str) -> dict[str, Any] | None:
    """The position a cursor made by `encode_cursor(kind, ...)` carries, or None for page one.

    Raises InvalidCursor for anything else: tampered, truncated, or made for another list.
    """
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidCursor() from None
    if not isinstance(payload, dict) or payload.get("k") != kind:
        raise InvalidCursor()
    return payload


def clamp_limit(limit: int | None, default: int = DEFAULT_PAGE_SIZE) -> int:
    """Page sizes are clamped, not rejected: `limit=1000000` gets the largest page we serve."""
    if limit is None:
        return default
    return max(1, min(int(limit), MAX_PAGE_SIZE))


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
