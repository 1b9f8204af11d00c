"""The live channel: events pushed to a person's open pages and API clients as they happen.

The interface is three things and stays stable (add to it, never change it):

- `publish(user_ids, event, data)`: send `event` with JSON `data` to every open connection of
  each of `user_ids`. Inside a transaction it sends when that commits (nothing on rollback);
  outside one, at once. It never raises because the channel is down (a Redis outage, a
  locked SQLite file): live events are hints on top of the database, which stays the truth,
  so a lost event costs a late badge, never a failed like. It does raise ValueError at once
  for a bad event name or data that is not a small JSON object (a bug in the caller).
- `publish_each(events)`: several events, each `(user_id, event, data)`, written to the
  backlog in one go after the commit (when each person gets their own data, like their own
  unread count). The same rules and errors as `publish`.
- `GET /live/events` (also `/api/v1/live/events`): a server-sent event stream of the
  requester's events, authenticated by the web session or `Authorization: Bearer <token>`.
  Each event has an `id:`; a reconnect with `Last-Event-ID` (EventSource does this itself)
  or `?after=<id>` replays what was missed from a short backlog. When the backlog no longer
  reaches back that far the stream first sends `event: reset`: reload what you show from the
  API. Each stream ends after CROSSNOTE_LIVE_STREAM_SECONDS and the client reconnects.

See docs/LIVE.md for the backends (database table polled by cursor on the laptop profile,
Redis streams plus pub/sub at scale) and why the streams are bounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["latest_id", "publish", "publish_each"]


def publish(user_ids: Iterable[int], event: str, data: dict[str, Any]) -> None:
    """Send `event` (letters, digits, `._-`, at most 64) with `data` (a JSON object of at most
    CROSSNOTE_LIVE_MAX_EVENT_BYTES encoded) to each of `user_ids`, after the commit."""
    from crossnote.live.channel import publish as _publish

    _publish(user_ids, event, data)


def publish_each(events: Iterable[tuple[int, str, dict[str, Any]]]) -> None:
    """Send each `(user_id, event, data)` as `publish` would, all in one write of the
    backlog after the commit."""
    from crossnote.live.channel import publish_each as _publish_each

    _publish_each(events)


def latest_id(user_id: int) -> str:
    """The id of the newest event `user_id` could replay ("0" if none, or if the channel
    cannot tell): a page renders it so the stream it opens misses nothing in between."""
    from crossnote.live.channel import latest_id as _latest_id

    return _latest_id(user_id)
