"""What every engine behind an HTTP API shares: a JSON client held to a total deadline
(enforced at the socket, see transport.py) and a size limit, a circuit breaker, and the
batching and checking around each service call. Nothing is retried: a second attempt seldom
fits in the few seconds a reader waits, and the next view of the note is the retry.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from crossnote.translation.engines.base import EngineError, EngineInfo
from crossnote.translation.engines.transport import DEADLINE, DeadlineTransport

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 1_000_000
# What an engine supports: English to Chinese in either script and back. A plain "zh" (the
# script unknown) is accepted as a source; as a target the script must be chosen.
SOURCES = frozenset({"en", "zh", "zh-hans", "zh-hant"})
TARGETS = frozenset({"en", "zh-hans", "zh-hant"})


class JsonClient:
    """POSTs JSON to one service and returns the JSON it answers, by a deadline.

    Every failure is an EngineError whose message names what went wrong but never quotes
    the request or the answer (callers log it, and both may hold people's text)."""

    def __init__(
        self,
        base_url: str,
        *,
        name: str,
        headers: dict[str, str] | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        max_connections: int = 10,
    ) -> None:
        # A malformed address fails here, when settings are read, not on a reader's request.
        try:
            url = httpx.URL(base_url)
        except httpx.InvalidURL:
            url = httpx.URL()
        if url.scheme not in {"http", "https"} or not url.host:
            raise ValueError(f"{name}: {base_url!r} is not an http(s) address")
        self.base_url = base_url.rstrip("/")
        self.name = name
        self.max_response_bytes = max_response_bytes
        self._headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            # A compressed answer could expand far past the size limit in one chunk.
            "Accept-Encoding": "identity",
            "User-Agent": "Crossnote",
            **(headers or {}),
        }
        self._max_connections = max_connections
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()

    def _http(self) -> httpx.Client:
        # Created on first use, never at import time; httpx.Client may be shared by threads.
        with self._lock:
            if self._client is None:
                self._client = httpx.Client(
                    transport=DeadlineTransport(self._max_connections),
                    headers=self._headers,
                    follow_redirects=False,
                    trust_env=False,  # an environment proxy would bypass the deadline transport
                )
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def post(self, path: str, payload: Any, *, deadline: float) -> Any:
        """POST `payload` as JSON to base_url + path; the decoded answer of an HTTP 200.

        Raises EngineError on a passed deadline, a network error, a status other than 200,
        an answer over max_response_bytes (stopped as soon as that is known) or one that is
        not JSON."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise EngineError(f"{self.name}: the deadline passed before the request")
        body = json.dumps(payload, ensure_ascii=False).encode()
        token = DEADLINE.set(deadline)
        try:
            raw = self._exchange(self.base_url + path, body, left)
        except httpx.TimeoutException:
            raise EngineError(f"{self.name}: no complete answer within the deadline") from None
        except httpx.HTTPError as exc:
            raise EngineError(f"{self.name}: {type(exc).__name__}: {exc}") from exc
        finally:
            DEADLINE.reset(token)
        try:
            return json.loads(raw)
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise EngineError(f"{self.name}: the answer is not valid JSON") from None

    def _exchange(self, url: str, body: bytes, left: float) -> bytes:
        with self._http().stream("POST", url, content=body, timeout=httpx.Timeout(left)) as r:
            if r.status_code != 200:
                raise EngineError(f"{self.name}: HTTP {r.status_code}")
            if r.headers.get("Content-Encoding", "identity").lower() != "identity":
                raise EngineError(f"{self.name}: the answer is compressed, which was not asked")
            declared = r.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.max_response_bytes:
                raise EngineError(f"{self.name}: the answer would be {declared} bytes")
            data = bytearray()
            for chunk in r.iter_raw():
                data += chunk
                if len(data) > self.max_response_bytes:
                    raise EngineError(
                        f"{self.name}: the answer is over {self.max_response_bytes} bytes"
                    )
            return bytes(data)


class CircuitBreaker:
    """Stops calling a service that keeps failing, then tries it again after a cool-down.

    Closed: calls go through; `failure_threshold` failures in a row open it. Open: calls
    fail at once with EngineError, without touching the network, for `cooldown` seconds.
    Then half-open: one call is let through as a trial (the others still fail fast); its
    success closes the breaker, its failure opens it for another cool-down.

    State lives in this process's memory, under a lock. That is enough: the breaker exists
    to keep this process's readers from waiting on a dead service, and each process learns
    that for itself within `failure_threshold` calls, at the cost of a few extra calls to
    the service — no shared store (and no store that could itself be down) is needed.
    `clock` is injectable so tests can pass the cool-down without sleeping.
    """

    def __init__(
        self,
        failure_threshold: int = 3,
        cooldown: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failure_threshold = failure_threshold
        self.cooldown = cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> str:
        """ "closed", "open" or "half-open" (cool-down over, or its trial call running)."""
        with self._lock:
            if self._opened_at is None:
                return "closed"
            if self._trial_running or self._clock() - self._opened_at >= self.cooldown:
                return "half-open"
            return "open"

    def _enter(self, name: str) -> bool:
        """Let a call through (True if it is the half-open trial) or raise EngineError."""
        with self._lock:
            if self._opened_at is None:
                return False
            if self._trial_running or self._clock() - self._opened_at < self.cooldown:
                raise EngineError(f"{name}: paused after {self._failures} failures in a row")
            self._trial_running = True
            return True

    def _record(self, name: str, *, ok: bool, trial: bool) -> None:
        with self._lock:
            if trial:
                self._trial_running = False
            if ok:
                self._failures = 0
                self._opened_at = None
                return
            self._failures += 1
            if self._failures >= self.failure_threshold:
                if self._opened_at is None:
                    log.warning(
                        "%s: paused for %ss after %d failures", name, self.cooldown, self._failures
                    )
                self._opened_at = self._clock()

    @contextmanager
    def guard(self, name: str) -> Iterator[None]:
        """Run the body as one call to the service: refused (EngineError) while open, and
        counted as a failure if it raises anything, as a success otherwise."""
        trial = self._enter(name)
        try:
            yield
        except BaseException:
            self._record(name, ok=False, trial=trial)
            raise
        self._record(name, ok=True, trial=trial)


def batches(texts: list[str], max_chars: int, max_items: int) -> list[list[int]]:
    """Indexes of `texts`, in order, grouped so no group has more than `max_items` texts or
    `max_chars` characters. A text longer than `max_chars` is an EngineError (raised before
    any request, so the service is not blamed for it)."""
    groups: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i, text in enumerate(texts):
        if len(text) > max_chars:
            raise EngineError(f"a text of {len(text)} characters is over {max_chars}")
        if current and (size + len(text) > max_chars or len(current) >= max_items):
            groups.append(current)
            current, size = [], 0
        current.append(i)
        size += len(text)
    if current:
        groups.append(current)
    return groups


class HttpEngine:
    """The part of translate() every HTTP engine shares; subclasses say how one batch is
    asked for (`_translate_batch`) and how our language codes are spelled for the service.

    Blank texts are returned as they are, without asking the service. Each batch is one
    request, guarded by the breaker; the answer must hold exactly one string per text.
    """

    info: EngineInfo
    max_chars: int
    max_items: int

    def __init__(self, client: JsonClient, breaker: CircuitBreaker | None) -> None:
        self.client = client
        self.breaker = breaker or CircuitBreaker()

    def supports(self, source: str, target: str) -> bool:
        # English to Chinese or Chinese to English; Chinese scripts into each other are not
        # a translation these services do well.
        return source in SOURCES and target in TARGETS and (source == "en") != (target == "en")

    def translate(self, texts: list[str], source: str, target: str, deadline: float) -> list[str]:
        if not self.supports(source, target):
            raise EngineError(f"{self.info.name} does not translate {source} into {target}")
        result = list(texts)
        wanted = [i for i, text in enumerate(texts) if text.strip()]
        for group in batches([texts[i] for i in wanted], self.max_chars, self.max_items):
            indexes = [wanted[g] for g in group]
            batch = [texts[i] for i in indexes]
            if deadline <= time.monotonic():
                raise EngineError(f"{self.info.name}: the deadline passed between batches")
            with self.breaker.guard(self.info.name):
                answer = self._translate_batch(batch, source, target, deadline)
                if len(answer) != len(batch) or not all(isinstance(a, str) for a in answer):
                    raise EngineError(
                        f"{self.info.name}: {len(answer)} answers for {len(batch)} texts"
                    )
            log.debug(
                "%s translated %d texts (%s → %s)", self.info.name, len(batch), source, target
            )
            for i, translated in zip(indexes, answer, strict=True):
                result[i] = translated
        return result

    def _translate_batch(
        self, texts: list[str], source: str, target: str, deadline: float
    ) -> list[Any]:
        raise NotImplementedError

    def close(self) -> None:
        """Close pooled connections (tests; a process keeps its engines for its lifetime)."""
        self.client.close()
