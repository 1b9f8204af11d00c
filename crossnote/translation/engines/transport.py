"""The socket layer under the HTTP engines: every operation gets only the time left until
the call's deadline.

httpx's timeouts apply to each connect, write and read separately, so a server that trickles
one byte a second would keep a request alive for as long as it likes. This transport gives
every socket operation (and the name lookup) what is left until the deadline, and fails at
once when nothing is left, so a call ends by its deadline whatever the server does.
Environment proxies are ignored on purpose: a proxy would bypass the enforcement.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import httpcore
import httpx

# The deadline of the call running on this thread (sync httpx does its I/O on the caller's
# thread), read by every socket operation below.
DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "crossnote_http_deadline", default=None
)


def _time_left(timeout: float | None, error: type[Exception]) -> float | None:
    """`timeout` shortened to what is left before the current deadline; `error` if none is."""
    deadline = DEADLINE.get()
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


class DeadlineTransport(httpx.BaseTransport):
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
