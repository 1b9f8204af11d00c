"""Riding out a dropped database connection.

PostgreSQL may drop a connection under us: an administrator's pg_terminate_backend, a restart,
a failover. Django's health checks (CONN_HEALTH_CHECKS) replace a persistent connection that
died *between* requests; this module handles one that dies *during* a request:

- a read (GET or HEAD) is run once more on a fresh connection, since running it twice is
  harmless;
- anything else, and a read whose second try fails too, is answered 503 with Retry-After (JSON
  on the API, a page on the web) by the interface's error handling, which marks the answer
  with `mark_unavailable` so that `ReadRetryMiddleware` knows it may try again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

# DB-API: "errors related to the database's operation, not necessarily under the control of
# the programmer" (a lost connection, a lock that timed out) and a connection that is closed.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
SAFE_METHODS = frozenset({"GET", "HEAD"})


def is_database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_UNAVAILABLE)


def mark_unavailable(request: HttpRequest, response: HttpResponse, exc: BaseException) -> None:
    """Note on `response` that the database failed, so the request may be tried again."""
    log.warning("database unavailable during %s %s: %s", request.method, request.path, exc)
    response.database_unavailable = True  # type: ignore[attr-defined]


def reset_lost_connections() -> bool:
    """Close every database connection that no longer works.

    Returns True when one was lost (so a fresh one may do better) and none is inside a
    transaction: closing a connection there would silently end a transaction someone else
    opened, so a request running inside one is never run again.
    """
    open_connections = connections.all(initialized_only=True)
    if any(conn.in_atomic_block for conn in open_connections):
        return False
    lost = False
    for conn in open_connections:
        if conn.connection is None or not conn.is_usable():
            conn.close()
            lost = True
    return lost


class ReadRetryMiddleware:
    """Outermost middleware: runs a read again, once, when its database connection dropped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(response, "database_unavailable", False):
            return response
        if reset_lost_connections() and request.method in SAFE_METHODS:
            log.warning("retrying %s %s on a new database connection", request.method, request.path)
            response = self.get_response(request)
            if getattr(response, "database_unavailable", False):
                reset_lost_connections()  # the next request starts on a fresh connection
        return response
