"""What every engine behind an HTTP API shares: a JSON client held to a total deadline and a
size limit, a circuit breaker, and the batching and checking around each service call.

The deadline is enforced where time is spent, at the socket. httpx's timeouts apply to each
connect, write and read separately, so a server that trickles one byte a second would keep a
request alive for as long as it likes. Here every socket operation is given what is left
until the deadline (and fails at once when nothing is left), so a call ends by its deadline
whatever the server does. Nothing is retried: a second attempt seldom fits in the few
seconds a reader waits, and the next view of the note is the retry.
"""

from __future__ import annotations

import contextvars
import ipaddress
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from crossnote.translation.engines.base import EngineError, EngineInfo

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 1_000_000
# What an engine supports: English to Chinese in either script and back. A plain "zh" (the
# script unknown) is accepted as a source; as a target the script must be chosen.
SOURCES = frozenset({"en", "zh", "zh-hans", "zh-hant"})
TARGETS = frozenset({"en", "zh-hans", "zh-hant"})

# The deadline of the call running on this thread (sync httpx does its I/O on the caller's
# thread), read by every socket operation below.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "crossnote_http_deadline", default=None
)


def _time_left(timeout: float | None, error: type[Exception]) -> float | None:
    """`timeout` shortened to what is left before the current deadline; `error` if none is."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("deadline reached")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write stops at the deadline."""

    _WRITE_SLICE = 16_384  # one blocking send at most this big, so each re-checks the clock

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        for start in range(0, len(buffer), self._WRITE_SLICE):
            piece = buffer[start : start + self._WRITE_SLICE]
            self._stream.write(piece, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        timeout = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


_resolver: ThreadPoolExecutor | None = None
_resolver_lock = threading.Lock()


def _resolve(host: str, port: int) -> list[str]:
    """The addresses of `host`, looked up within the deadline.

    getaddrinfo cannot be interrupted, so it runs on a small shared pool and the caller
    stops waiting at the deadline; a lookup stuck in a broken resolver holds one of four
    threads, never a request."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    global _resolver
    with _resolver_lock:
        if _resolver is None:
            _resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="crossnote-dns")
    future = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=_time_left(None, httpcore.ConnectTimeout))
    except FutureTimeout:
        raise httpcore.ConnectTimeout("name lookup reached the deadline") from None
    except OSError as exc:
        raise httpcore.ConnectError(f"name lookup failed: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, with the lookup, each connect attempt and the streams
    held to the deadline."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self, host, port, timeout=None, local_address=None, socket_options=None
    ) -> httpcore.NetworkStream:
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in _resolve(host, port):
            try:
                stream = self._backend.connect_tcp(
                    address,
                    port,
                    _time_left(timeout, httpcore.ConnectTimeout),
                    local_address,
                    socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return _DeadlineStream(stream)
        raise error

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("engines speak TCP only")

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, _time_left(seconds, httpcore.PoolTimeout) or 0.0))


def _as_httpx_error(exc: Exception, request: httpx.Request) -> httpx.HTTPError:
    # httpx names its transport errors after httpcore's (ConnectError, ReadTimeout, …).
    kind = getattr(httpx, type(exc).__name__, None)
    if not (isinstance(kind, type) and issubclass(kind, httpx.TransportError)):
        kind = httpx.TimeoutException if isinstance(exc, httpcore.TimeoutException) else None
    return (kind or httpx.TransportError)(str(exc) or type(exc).__name__, request=request)


_HTTPCORE_ERRORS = (
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.ProxyError,
)


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Any, request: httpx.Request) -> None:
        self._stream = stream
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except _HTTPCORE_ERRORS as exc:
            raise _as_httpx_error(exc, self._request) from exc

    def close(self) -> None:
        if hasattr(self._stream, "close"):
            self._stream.close()


class _DeadlineTransport(httpx.BaseTransport):
    """httpx's default transport (an httpcore pool) on the deadline-keeping socket backend.

    Built here because httpx.HTTPTransport takes no network backend; what it does is the
    same few lines as httpx's. No proxy support: engines talk to their service directly."""

    def __init__(self, max_connections: int) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=30.0,
            network_backend=_DeadlineBackend(),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            core_response = self._pool.handle_request(core_request)
        except _HTTPCORE_ERRORS as exc:
            raise _as_httpx_error(exc, request) from exc
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_ResponseStream(core_response.stream, request),
            extensions=core_response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


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
                    transport=_DeadlineTransport(self._max_connections),
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
        token = _DEADLINE.set(deadline)
        try:
            raw = self._exchange(self.base_url + path, body, left)
        except httpx.TimeoutException:
            raise EngineError(f"{self.name}: no complete answer within the deadline") from None
        except httpx.HTTPError as exc:
            raise EngineError(f"{self.name}: {type(exc).__name__}: {exc}") from exc
        finally:
            _DEADLINE.reset(token)
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
