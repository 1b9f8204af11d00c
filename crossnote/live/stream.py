"""One server-sent event stream: what a person missed since their cursor, then their events
as they come, for CROSSNOTE_LIVE_STREAM_SECONDS; then it ends and the browser reconnects.

Why bounded: `crossnote serve` runs gunicorn's threaded workers, and an open stream holds
one thread. A stream that ends by itself gives the thread back within the bound even when
the client vanished without a word, and at most CROSSNOTE_LIVE_MAX_STREAMS threads per
process wait on streams, so ordinary pages keep the rest. A stream asked for when they are
all taken sends what is waiting and ends at once with a longer `retry:` (the client polls
instead). docs/LIVE.md has the figures.

Why a stream's length is jittered and its last frame says `retry: 100`: a message sent
while a client is between two streams waits for the reconnect. With every stream lasting
exactly the bound, clients opened together (a server restart, a busy hour) reconnected in
one herd, each waiting behind the others, and EventSource's 1 s pause came on top: that is
where bench/messages.py found its slowest deliveries (docs/MESSAGES.md). Now streams end
spread over the last quarter of the bound, and a stream that ends on time asks for a
reconnect 0.1 s later; the first frame's 1 s still applies when a reconnect fails.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator

from django.conf import settings

from crossnote.core.outages import close_connections
from crossnote.live.backends import ChannelUnavailable, Event, live_backend
from crossnote.live.hub import hub

BATCH = 100
# Seconds before EventSource reconnects after a stream that ended on time.
RECONNECT_AFTER_END = 0.1


class Slots:
    """How many streams of this process may wait at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.taken = 0

    def take(self) -> bool:
        with self._lock:
            if self.taken >= settings.CROSSNOTE_LIVE_MAX_STREAMS:
                return False
            self.taken += 1
            return True

    def give_back(self) -> None:
        with self._lock:
            self.taken -= 1


slots = Slots()


def frame(event: Event) -> bytes:
    return f"id: {event.id}\nevent: {event.event}\ndata: {event.data}\n\n".encode()


def _retry(seconds: float) -> bytes:
    return f"retry: {int(seconds * 1000)}\n\n".encode()


def events(user_id: int, cursor: str | None, seconds: float | None = None) -> Iterator[bytes]:
    """The stream's bytes. `cursor`: the last event id the client has (Last-Event-ID or
    ?after=), None for "from now on"."""
    backend = live_backend()
    if not getattr(backend, "uses_database", True):
        close_connections(all_of_them=True)  # the wait needs no database connection
    waiting = slots.take()
    registered = False
    try:
        yield _retry(settings.CROSSNOTE_LIVE_RETRY_SECONDS)
        # Where the stream starts is read before it says it listens: an event published
        # once the hub knows of this stream is then always after the cursor (read first
        # thing in the loop), never swallowed by a "latest" read after it.
        reset = False
        if cursor is None:
            cursor = backend.latest(user_id)
        elif backend.missed(user_id, cursor):
            cursor, reset = backend.latest(user_id), True
        if waiting:
            backend.listen()
            hub.register(user_id)
            registered = True
        if reset:
            yield frame(Event(cursor, "reset", "{}"))
        if not waiting:
            for event in backend.after(user_id, cursor, BATCH):
                yield frame(event)
            yield _retry(settings.CROSSNOTE_LIVE_BUSY_RETRY_SECONDS)
            return
        if seconds is None:
            seconds = settings.CROSSNOTE_LIVE_STREAM_SECONDS * random.uniform(0.75, 1.0)  # noqa: S311 - spreads reconnects, not a secret
        deadline = time.monotonic() + seconds
        while True:
            seen = hub.version(user_id)
            batch = backend.after(user_id, cursor, BATCH)
            for event in batch:
                yield frame(event)
                cursor = event.id
            if len(batch) == BATCH:
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                yield _retry(RECONNECT_AFTER_END)
                return
            if not hub.wait(user_id, seen, min(remaining, backend.poll_seconds)):
                # A comment line, ignored by EventSource: writing it is how a stream whose
                # client went away finds out (the write fails) and gives its thread back.
                yield b":\n\n"
    except ChannelUnavailable as exc:
        yield _retry(exc.retry_after)
    finally:
        if registered:
            hub.unregister(user_id)
        if waiting:
            slots.give_back()
