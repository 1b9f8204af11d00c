"""Where events wait for their streams: the backlog, and how other processes hear of them.

- DatabaseBackend (the laptop profile): one row per person and event in live_liveevent,
  read by cursor (`id > n`). A stream in the process that published is woken at once; one
  in another process (the background worker publishes most events) finds the row at its
  next poll, CROSSNOTE_LIVE_POLL_SECONDS later at most. SQLite writes one transaction at a
  time, so ids are committed in order and a cursor never skips a row committed late. (On
  PostgreSQL two commits can finish out of id order: run PostgreSQL with Redis.)
- RedisBackend (scale-out): one Redis stream per person (`XADD`, trimmed by age), and one
  pub/sub channel on which `publish` names the people who have something new; each process
  subscribes once and wakes its own streams. Streams still poll, less often, in case a
  wake-up was lost while the subscriber reconnected.

Both keep CROSSNOTE_LIVE_BACKLOG_SECONDS of events, from which a reconnect is replayed.
Every failure to reach the backlog is ChannelUnavailable.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Protocol

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from crossnote.core import outage
from crossnote.live.hub import hub

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    id: str
    event: str
    data: str  # JSON text


# One event for one person: (user id, event name, data as JSON text).
Row = tuple[int, str, str]


class ChannelUnavailable(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"the live channel is unavailable; retry in {retry_after}s")


class Backend(Protocol):
    poll_seconds: float

    def append(self, rows: list[Row]) -> None: ...
    def after(self, user_id: int, cursor: str, limit: int) -> list[Event]: ...
    def missed(self, user_id: int, cursor: str) -> bool: ...
    def latest(self, user_id: int) -> str: ...
    def listen(self) -> None: ...


def _backlog() -> timedelta:
    return timedelta(seconds=settings.CROSSNOTE_LIVE_BACKLOG_SECONDS)


class DatabaseBackend:
    uses_database = True
    PRUNE_EVERY = 60.0  # seconds between deletions of expired rows, per process

    def __init__(self, poll_seconds: float) -> None:
        self.poll_seconds = poll_seconds
        self._pruned_at = -self.PRUNE_EVERY
        self._lock = threading.Lock()

    def append(self, rows: list[Row]) -> None:
        """All of `rows` in one INSERT: on SQLite each write waits its turn for the file."""
        from crossnote.live.models import LiveEvent

        try:
            LiveEvent.objects.bulk_create(
                [LiveEvent(user_id=u, event=event, data=data) for u, event, data in rows]
            )
            self._prune()
        except DatabaseError as exc:
            raise ChannelUnavailable(5) from exc

    def _prune(self) -> None:
        from crossnote.live.models import LiveEvent

        with self._lock:
            if time.monotonic() - self._pruned_at < self.PRUNE_EVERY:
                return
            self._pruned_at = time.monotonic()
        LiveEvent.objects.filter(created_at__lt=timezone.now() - _backlog()).delete()

    def after(self, user_id: int, cursor: str, limit: int) -> list[Event]:
        from crossnote.live.models import LiveEvent

        try:
            rows = LiveEvent.objects.filter(user_id=user_id, id__gt=int(cursor)).order_by("id")
            return [Event(str(r.pk), r.event, r.data) for r in rows[:limit]]
        except DatabaseError as exc:
            raise ChannelUnavailable(5) from exc

    def missed(self, user_id: int, cursor: str) -> bool:
        """Whether events after `cursor` may have been pruned already. Ids are shared by all
        people, so an id below the oldest row kept means rows in between are gone (perhaps
        only other people's: then a harmless reset)."""
        from crossnote.live.models import LiveEvent

        if not cursor.isdigit() or len(cursor) > 19:
            return True
        if cursor == "0":
            return False
        try:
            oldest = LiveEvent.objects.order_by("id").values_list("id", flat=True).first()
        except DatabaseError as exc:
            raise ChannelUnavailable(5) from exc
        return oldest is not None and int(cursor) < oldest - 1

    def latest(self, user_id: int) -> str:
        from crossnote.live.models import LiveEvent

        try:
            newest = (
                LiveEvent.objects.filter(user_id=user_id)
                .order_by("-id")
                .values_list("id", flat=True)
                .first()
            )
        except DatabaseError as exc:
            raise ChannelUnavailable(5) from exc
        return str(newest or 0)

    def listen(self) -> None:
        """Nothing to subscribe to: streams poll the table."""


class RedisBackend:
    uses_database = False

    def __init__(self, url: str, prefix: str, poll_seconds: float) -> None:
        self.url = url
        self.prefix = f"{prefix}:live:"
        self.channel = f"{prefix}:live-wake"
        self.poll_seconds = poll_seconds
        self._client = None
        self._listener: threading.Thread | None = None
        self._lock = threading.Lock()

    def _redis(self):  # type: ignore[no-untyped-def]
        if self._client is None:
            import redis

            timeout = settings.CROSSNOTE_REDIS_TIMEOUT
            self._client = redis.Redis.from_url(
                self.url, socket_connect_timeout=timeout, socket_timeout=timeout
            )
        return self._client

    def _key(self, user_id: int) -> str:
        return f"{self.prefix}{user_id}"

    def _call(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return outage.call(fn, *args, **kwargs)
        except outage.RedisUnavailable as exc:
            raise ChannelUnavailable(exc.retry_after) from exc

    def append(self, rows: list[Row]) -> None:
        keep_from = int((time.time() - settings.CROSSNOTE_LIVE_BACKLOG_SECONDS) * 1000)
        pipe = self._redis().pipeline(transaction=False)
        for user_id, event, data in rows:
            key = self._key(user_id)
            pipe.xadd(key, {"e": event, "d": data}, minid=keep_from, approximate=True)
            pipe.expire(key, settings.CROSSNOTE_LIVE_BACKLOG_SECONDS + 60)
        woken = sorted({user_id for user_id, _event, _data in rows})
        pipe.publish(self.channel, ",".join(str(u) for u in woken))
        self._call(pipe.execute)

    def after(self, user_id: int, cursor: str, limit: int) -> list[Event]:
        start = "-" if cursor == "0" else f"({cursor}"
        rows = self._call(self._redis().xrange, self._key(user_id), start, "+", limit)
        return [
            Event(entry_id.decode(), fields[b"e"].decode(), fields[b"d"].decode())
            for entry_id, fields in rows
        ]

    def missed(self, user_id: int, cursor: str) -> bool:
        """Stream ids start with their time in milliseconds: a cursor older than the backlog
        may have lost events since (trimming is by age)."""
        if cursor == "0":
            return False
        ms, dash, seq = cursor.partition("-")
        if not (ms.isdigit() and dash and seq.isdigit() and len(cursor) <= 41):
            return True
        return int(ms) < (time.time() - settings.CROSSNOTE_LIVE_BACKLOG_SECONDS) * 1000

    def latest(self, user_id: int) -> str:
        rows = self._call(self._redis().xrevrange, self._key(user_id), "+", "-", 1)
        return rows[0][0].decode() if rows else "0"

    def listen(self) -> None:
        """Make sure this process's subscriber runs (started on the first stream, after any
        fork, so each gunicorn worker has its own)."""
        with self._lock:
            if self._listener is None or not self._listener.is_alive():
                self._listener = threading.Thread(
                    target=self._subscribe, name="crossnote-live", daemon=True
                )
                self._listener.start()

    def _subscribe(self) -> None:
        import redis

        timeout = settings.CROSSNOTE_REDIS_TIMEOUT
        while True:
            client = redis.Redis.from_url(
                self.url,
                socket_connect_timeout=timeout,
                socket_timeout=timeout,
                health_check_interval=10,
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(self.channel)
                hub.wake_all()  # wake-ups sent while we were away are lost: look again
                while True:
                    message = pubsub.get_message(timeout=1.0)
                    if message and message["type"] == "message":
                        hub.wake(int(u) for u in message["data"].split(b",") if u.isdigit())
            except outage.REDIS_DOWN as exc:
                log.warning("live: Redis subscriber lost its connection (%s); retrying", exc)
            finally:
                pubsub.close()
                client.close()
            time.sleep(settings.CROSSNOTE_REDIS_RETRY_SECONDS)


@cache
def _backend(kind: str, url: str | None, prefix: str, poll_seconds: float) -> Backend:
    if kind == "redis" and url:
        return RedisBackend(url, prefix, poll_seconds)
    return DatabaseBackend(poll_seconds)


def live_backend() -> Backend:
    """The configured backend, one per process and settings."""
    return _backend(
        settings.CROSSNOTE_LIVE_BACKEND,
        settings.REDIS_URL,
        settings.CACHES["default"].get("KEY_PREFIX", "cn"),
        float(settings.CROSSNOTE_LIVE_POLL_SECONDS),
    )
