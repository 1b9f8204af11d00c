"""Django's Redis cache, for a Redis that may stop answering.

Every call goes through the circuit breaker (crossnote.core.outage). While Redis is down a
read misses (the caller computes the value from the database, as after an expiry), a write
is skipped, and a delete that could not happen is kept in the outbox and replayed once Redis
is back, so a value a write made stale is not served afterwards. Counters are different: a
made-up count would be a lie, so `incr` raises RedisUnavailable and its caller (the rate
limits) decides whether to let the request through.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from crossnote.core import outage
from crossnote.core.outage import RedisUnavailable


class ResilientRedisCache(RedisCache):
    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        try:
            return outage.call(super().get, key, default, version)
        except RedisUnavailable:
            return default

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        try:
            return outage.call(super().get_many, keys, version)
        except RedisUnavailable:
            return {}

    def has_key(self, key: str, version: int | None = None) -> bool:
        try:
            return outage.call(super().has_key, key, version)
        except RedisUnavailable:
            return False

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return outage.call(super().add, key, value, timeout, version)
        except RedisUnavailable:
            return False

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        try:
            outage.call(super().set, key, value, timeout, version)
        except RedisUnavailable:
            return

    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        try:
            return outage.call(super().set_many, data, timeout, version)
        except RedisUnavailable:
            return list(data)  # Django's contract: the keys that were not set

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return outage.call(super().touch, key, timeout, version)
        except RedisUnavailable:
            return False

    def delete(self, key: str, version: int | None = None) -> bool:
        try:
            return outage.call(super().delete, key, version)
        except RedisUnavailable:
            self._keep_lost_deletes([key])
            return False

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        keys = list(keys)
        try:
            outage.call(super().delete_many, keys, version)
        except RedisUnavailable:
            self._keep_lost_deletes(keys)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        """RedisUnavailable when Redis is down (see the module's docstring)."""
        return outage.call(super().incr, key, delta, version)

    def _keep_lost_deletes(self, keys: list[str]) -> None:
        # Replayed at the default version: Crossnote uses no other.
        from crossnote.core.outbox import keep_lost_deletes

        if keys:
            keep_lost_deletes(keys)
