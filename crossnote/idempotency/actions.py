"""Do a creating request once per key: a retry with the same key and content within 24 hours
gets the object the first one created; the same key with other content is refused.

`run_once` looks the key up first; the action it calls claims the key (`Once.claim`) inside
its own transaction before writing anything, and names what it created (`Once.bind`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, BinaryIO

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import CrossnoteError, InvalidInput
from crossnote.idempotency.models import IdempotencyKey

KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255


class KeyReused(CrossnoteError):
    status = 422
    code = "idempotency_key_reused"
    default_message = _(
        "This Idempotency-Key was already used for a different request. "
        "Use a new key for new content."
    )


@dataclass(frozen=True)
class Once:
    """One person's key for one request: claimed and bound inside the creating transaction."""

    user_id: int
    key: str
    kind: str
    fingerprint: str

    def claim(self) -> None:
        """Take the key before anything else is written. Raises IntegrityError when another
        request took it first (and has committed)."""
        _rows(self).filter(created_at__lt=timezone.now() - KEY_LIFETIME).delete()
        IdempotencyKey.objects.create(
            user_id=self.user_id, key=self.key, kind=self.kind, fingerprint=self.fingerprint
        )

    def bind(self, object_id: int) -> None:
        _rows(self).update(object_id=object_id)


def _rows(once: Once) -> Any:
    return IdempotencyKey.objects.filter(user_id=once.user_id, key=once.key)


def check_key(raw: str | None) -> str | None:
    """The key a request sent (None: it sent none). Printable ASCII, 1 to 255 characters."""
    if raw is None:
        return None
    key = raw.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not (key.isascii() and key.isprintable()):
        raise InvalidInput(
            _("An Idempotency-Key is 1 to 255 printable ASCII characters."),
            code="invalid_idempotency_key",
        )
    return key


def fingerprint(kind: str, fields: dict[str, Any], files: Sequence[BinaryIO] = ()) -> str:
    """SHA-256 of what a request asks for: its fields, and each file's content in order."""
    digest = hashlib.sha256(json.dumps([kind, fields], sort_keys=True).encode())
    for stream in files:
        stream.seek(0)
        digest.update(hashlib.sha256(stream.read()).digest())
        stream.seek(0)
    return digest.hexdigest()


def _earlier(once: Once) -> int | None:
    """The object an earlier use of this key created, if it is still within its lifetime."""
    row = _rows(once).filter(created_at__gte=timezone.now() - KEY_LIFETIME).first()
    if row is None:
        return None
    if (row.kind, row.fingerprint) != (once.kind, once.fingerprint):
        raise KeyReused()
    return row.object_id


def run_once(
    user: User,
    key: str | None,
    kind: str,
    digest: Callable[[], str],
    create: Callable[[Once | None], int],
) -> tuple[int, bool]:
    """(id of the object, whether an earlier request created it). `digest()` fingerprints
    the request (only when there is a key); `create(once)` runs the action, which calls
    `once.claim()` first and `once.bind(id)` last, in one transaction."""
    if key is None:
        return create(None), False
    once = Once(user.pk, key, kind, digest())
    earlier = _earlier(once)
    if earlier is not None:
        return earlier, True
    try:
        return create(once), False
    except IntegrityError:
        earlier = _earlier(once)  # a request sent at the same time won the key
        if earlier is None:
            raise
        return earlier, True


def do_forget_expired_keys() -> int:
    """Delete keys past their lifetime; returns how many."""
    deleted, _rows_by_model = IdempotencyKey.objects.filter(
        created_at__lt=timezone.now() - KEY_LIFETIME
    ).delete()
    return deleted
