"""Timing requests through Django's full stack, in-process and one at a time.

Requests are built with Django's RequestFactory and handed to the WSGI handler exactly as
a WSGI server (gunicorn) would, including closing the response, so request_started /
request_finished and their database-connection housekeeping run as in production.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory


def _start_response(status: str, headers: list, exc_info: object = None) -> None:
    return None


class WsgiClient(RequestFactory):
    """RequestFactory whose requests go through the WSGI handler and come back as responses."""

    def __init__(self) -> None:
        super().__init__()
        self.app = WSGIHandler()

    def request(self, **request: object) -> HttpResponse:  # type: ignore[override]
        response = self.app(self._base_environ(**request), _start_response)
        response.close()  # what the server does once the body is sent
        return response


@dataclass
class Result:
    name: str
    latencies: list[float]
    elapsed: float
    queries: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99_ms(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)] * 1000


class Failed(RuntimeError):
    pass


def check(response: HttpResponse, expect: int) -> HttpResponse:
    if response.status_code != expect:
        body = response.content[:500].decode(errors="replace")
        raise Failed(f"expected HTTP {expect}, got {response.status_code}: {body}")
    return response


def run(
    name: str, send: Callable[[int], HttpResponse], count: int, warmup: int, expect: int = 200
) -> Result:
    """Warm up, then time `count` sequential calls of send(i)."""
    for i in range(warmup):
        check(send(i), expect)
    latencies = []
    start = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        response = send(i)
        latencies.append(time.perf_counter() - t0)
        check(response, expect)
    elapsed = time.perf_counter() - start
    return Result(name, latencies, elapsed)


def run_alternating(
    runs: list[tuple[str, Callable[[int], HttpResponse]]], count: int, warmup: int
) -> list[Result]:
    """run() for several scenarios at once, their requests taking turns (A, B, A, B, ...).

    A shared machine speeds up and slows down by more than the differences measured (the
    same code measured 0.49 and 0.74 of its floor in two runs a few minutes apart when they
    ran one after the other); taking turns puts both sides under the same conditions, so
    their ratio holds. Each one's elapsed time is the sum of its own latencies."""
    for _name, send in runs:
        for i in range(warmup):
            check(send(i), 200)
    latencies: list[list[float]] = [[] for _ in runs]
    for i in range(count):
        for mine, (_name, send) in zip(latencies, runs, strict=True):
            t0 = time.perf_counter()
            response = send(i)
            mine.append(time.perf_counter() - t0)
            check(response, 200)
    return [Result(name, mine, sum(mine)) for (name, _), mine in zip(runs, latencies, strict=True)]


def time_calls(name: str, call: Callable[[int], object], count: int) -> Result:
    """Time `count` sequential calls of a plain function (no HTTP)."""
    latencies = []
    start = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        call(i)
        latencies.append(time.perf_counter() - t0)
    return Result(name, latencies, time.perf_counter() - start)


class QueryLog:
    """Records the SQL a block runs (statement and milliseconds), via execute_wrapper.

    The time is that of `execute()`: on SQLite most of a query's work happens while its rows
    are fetched, which is not included, so read SQLite times as lower bounds."""

    def __init__(self) -> None:
        self.statements: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append(((time.perf_counter() - t0) * 1000, sql))

    def __enter__(self) -> QueryLog:
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wrapper.__exit__(*exc)
