"""`publish` and `latest_id` (the interface is documented in crossnote/live/__init__.py)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction

from crossnote.live.backends import ChannelUnavailable, live_backend
from crossnote.live.hub import hub

log = logging.getLogger(__name__)

EVENT_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")


def publish(user_ids: Iterable[int], event: str, data: dict[str, Any]) -> None:
    if not EVENT_NAME.fullmatch(event):
        raise ValueError(f"live event names are letters, digits and ._- (got {event!r})")
    if not isinstance(data, dict):
        raise ValueError("live event data is a JSON object")
    encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)
    if len(encoded.encode()) > settings.CROSSNOTE_LIVE_MAX_EVENT_BYTES:
        raise ValueError(f"live event {event!r} is over CROSSNOTE_LIVE_MAX_EVENT_BYTES")
    recipients = sorted({int(u) for u in user_ids})
    if recipients:
        transaction.on_commit(partial(_send, recipients, event, encoded))


def _send(user_ids: list[int], event: str, encoded: str) -> None:
    """After the commit: into the backlog, then wake this process's streams. A failure is
    logged and dropped; the database still holds the truth the event was a hint about."""
    try:
        live_backend().append(user_ids, event, encoded)
    except ChannelUnavailable as exc:
        log.warning("live: %s not sent to %d people: %s", event, len(user_ids), exc)
        return
    except Exception:  # a live hint must never fail the action that sent it
        log.exception("live: %s not sent", event)
        return
    hub.wake(user_ids)


def latest_id(user_id: int) -> str:
    try:
        return live_backend().latest(user_id)
    except ChannelUnavailable:
        return "0"
