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


def connection_dropped(exc: BaseException) -> bool:
    """Whether a database error says the connection itself is gone (rather than, say, that a
    lock timed out): the client found it closed (no SQLSTATE: psycopg's own errors), or the
    server ended it (SQLSTATE class 08, or 57P01-57P03: terminated, crashed, restarting).
    Drivers without SQLSTATEs (SQLite's) never drop a connection."""
    if isinstance(exc, InterfaceError):
        return True
    cause = exc.__cause__
    if not hasattr(cause, "sqlstate"):
        return False
    state = cause.sqlstate  # type: ignore[union-attr]
    return state is None or state.startswith("08") or state in {"57P01", "57P02", "57P03"}


def mark_unavailable(request: HttpRequest, response: HttpResponse, exc: BaseException) -> None:
    """Note on `response` that the database failed, and whether a retry could help."""
    log.warning("database unavailable during %s %s: %s", request.method, request.path, exc)
    response.database_unavailable = True  # type: ignore[attr-defined]
    response.connection_dropped = connection_dropped(exc)  # type: ignore[attr-defined]


def in_transaction() -> bool:
    return any(conn.in_atomic_block for conn in connections.all(initialized_only=True))


def close_connections(*, all_of_them: bool) -> None:
    """Close the connections that no longer work (or every one), outside any transaction:
    the next statement then opens a fresh one."""
    if in_transaction():
        return  # closing one there would silently end a transaction someone else opened
    for conn in connections.all(initialized_only=True):
        if all_of_them or conn.connection is None or not conn.is_usable():
            conn.close()


class ReadRetryMiddleware:
    """Outermost middleware: runs a read again, once, when its database connection dropped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(response, "database_unavailable", False):
            return response
        retry = (
            request.method in SAFE_METHODS
            and getattr(response, "connection_dropped", False)
            and not in_transaction()  # a request inside someone's transaction runs once
        )
        if retry:
            log.warning("retrying %s %s on a new database connection", request.method, request.path)
            close_connections(all_of_them=True)
            response = self.get_response(request)
        if getattr(response, "database_unavailable", False):
            close_connections(all_of_them=False)  # the next request starts on a working one
        return response
