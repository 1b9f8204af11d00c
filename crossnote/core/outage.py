"""Living with a Redis that stops answering.

Redis holds the cache, the Following timelines and the task queue at scale; the database
holds the truth. Every call into Redis goes through `call`, which turns Redis's connection
errors and timeouts into RedisUnavailable and keeps a circuit breaker: after one failure,
calls fail at once for CROSSNOTE_REDIS_RETRY_SECONDS, then one call tries again. A dead
Redis then costs one socket timeout per process and cool-down, not one per cache read.
Callers catch RedisUnavailable and fall back: reads to the database, writes to the outbox.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
T = TypeVar("T")

# Refused, reset, unreachable, timed out, or a Redis still loading its data: all "down".
# Other Redis errors (a wrong command, a wrong type) are bugs and stay errors.
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisUnavailable(Exception):
    """Redis did not answer, or the breaker is open after it recently did not."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"Redis is unavailable; retry in {retry_after}s")


class CircuitBreaker:
    """Closed: calls go through. Open (after a failure): calls are refused until the
    cool-down has passed; then one caller at a time probes, and a success closes it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._opened_at: float | None = None
        self._probing = False

    @property
    def cooldown(self) -> float:
        return float(settings.CROSSNOTE_REDIS_RETRY_SECONDS)

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    def retry_after(self) -> int:
        """Whole seconds until a call will be tried again (at least 1)."""
        if self._opened_at is None:
            return 1
        return max(1, math.ceil(self._opened_at + self.cooldown - self.clock()))

    def allow(self) -> bool:
        with self._lock:
            if self._opened_at is None:
                return True
            if self._probing or self.clock() < self._opened_at + self.cooldown:
                return False
            self._probing = True
            return True

    def succeeded(self) -> None:
        with self._lock:
            if self._opened_at is not None:
                log.warning("Redis answers again: the circuit breaker is closed")
            self._opened_at = None
            self._probing = False

    def failed(self) -> None:
        with self._lock:
            if self._opened_at is None:
                log.error("Redis does not answer: failing fast for %ss", self.cooldown)
            self._opened_at = self.clock()
            self._probing = False

    def reset(self) -> None:
        with self._lock:
            self._opened_at = None
            self._probing = False


# One per process: the cache, the timelines and the queue all live on the same server.
breaker = CircuitBreaker()


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)`, a call into Redis; RedisUnavailable if Redis is down."""
    if not breaker.allow():
        raise RedisUnavailable(breaker.retry_after())
    try:
        result = fn(*args, **kwargs)
    except REDIS_DOWN as exc:
        breaker.failed()
        raise RedisUnavailable(breaker.retry_after()) from exc
    except BaseException:
        breaker.succeeded()  # Redis answered, with an error of another kind
        raise
    breaker.succeeded()
    return result
