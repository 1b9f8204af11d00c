"""`publish`, `publish_each` and `latest_id` (the interface is documented in
crossnote/live/__init__.py)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction

from crossnote.live.backends import ChannelUnavailable, Row, live_backend
from crossnote.live.hub import hub

log = logging.getLogger(__name__)

EVENT_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _encoded(event: str, data: dict[str, Any]) -> str:
    """`data` as the JSON text a frame carries; ValueError for what the caller got wrong."""
    if not EVENT_NAME.fullmatch(event):
        raise ValueError(f"live event names are letters, digits and ._- (got {event!r})")
    if not isinstance(data, dict):
        raise ValueError("live event data is a JSON object")
    encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)
    if len(encoded.encode()) > settings.CROSSNOTE_LIVE_MAX_EVENT_BYTES:
        raise ValueError(f"live event {event!r} is over CROSSNOTE_LIVE_MAX_EVENT_BYTES")
    return encoded


def publish(user_ids: Iterable[int], event: str, data: dict[str, Any]) -> None:
    encoded = _encoded(event, data)
    rows = [(user_id, event, encoded) for user_id in sorted({int(u) for u in user_ids})]
    if rows:
        transaction.on_commit(partial(_send, rows))


def publish_each(events: Iterable[tuple[int, str, dict[str, Any]]]) -> None:
    rows = [(int(user_id), event, _encoded(event, data)) for user_id, event, data in events]
    if rows:
        transaction.on_commit(partial(_send, rows))


def _send(rows: list[Row]) -> None:
    """After the commit: into the backlog in one write, then wake this process's streams. A
    failure is logged and dropped; the database still holds the truth the event was a hint
    about."""
    names = sorted({event for _user_id, event, _data in rows})
    try:
        live_backend().append(rows)
    except ChannelUnavailable as exc:
        log.warning("live: %s not sent to %d people: %s", names, len(rows), exc)
        return
    except Exception:  # a live hint must never fail the action that sent it
        log.exception("live: %s not sent", names)
        return
    hub.wake(user_id for user_id, _event, _data in rows)


def latest_id(user_id: int) -> str:
    try:
        return live_backend().latest(user_id)
    except ChannelUnavailable:
        return "0"
