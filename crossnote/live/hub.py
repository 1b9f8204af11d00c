"""Wake-ups inside one process: a stream waiting for its person's next event sleeps here
instead of asking the backlog again and again.

`publish` wakes the streams of the same process directly; events published by another
process (the background worker, another gunicorn worker) reach a stream through the Redis
pub/sub listener (crossnote.live.backends.RedisBackend) or, on the database backend, the
stream's next poll of the table.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable


class Hub:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._listeners: Counter[int] = Counter()
        self._versions: dict[int, int] = {}

    def register(self, user_id: int) -> None:
        with self._cond:
            self._listeners[user_id] += 1
            self._versions.setdefault(user_id, 0)
            self._cond.notify_all()

    def unregister(self, user_id: int) -> None:
        with self._cond:
            self._listeners[user_id] -= 1
            if self._listeners[user_id] <= 0:
                del self._listeners[user_id]
                self._versions.pop(user_id, None)
            self._cond.notify_all()

    def listening(self, user_id: int) -> int:
        """How many streams of this process wait for `user_id`'s events."""
        with self._cond:
            return self._listeners[user_id]

    def wait_for_listener(self, user_id: int, timeout: float) -> bool:
        """Block until a stream of `user_id` is waiting (tests, to publish after it listens)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._listeners[user_id] > 0, timeout)

    def version(self, user_id: int) -> int:
        with self._cond:
            return self._versions.get(user_id, 0)

    def wake(self, user_ids: Iterable[int]) -> None:
        with self._cond:
            woken = False
            for user_id in user_ids:
                if user_id in self._versions:
                    self._versions[user_id] += 1
                    woken = True
            if woken:
                self._cond.notify_all()

    def wake_all(self) -> None:
        """Every waiting stream looks again (the pub/sub listener reconnected: it may have
        missed wake-ups while it was away)."""
        with self._cond:
            for user_id in self._versions:
                self._versions[user_id] += 1
            self._cond.notify_all()

    def wait(self, user_id: int, seen: int, timeout: float) -> bool:
        """Sleep until `user_id` has an event newer than version `seen`, or `timeout` seconds.
        True if woken by an event."""
        if timeout <= 0:
            return False
        with self._cond:
            return self._cond.wait_for(lambda: self._versions.get(user_id, 0) != seen, timeout)


hub = Hub()
