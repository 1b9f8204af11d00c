"""Which database errors mean "the connection is gone" (a read may then be run again)."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from django.db import InterfaceError, OperationalError

from crossnote.core.outages import connection_dropped


def _django_error(cause: Exception) -> OperationalError:
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("cause", "dropped"),
    [
        (psycopg.errors.AdminShutdown(), True),  # pg_terminate_backend
        (psycopg.errors.CannotConnectNow(), True),  # the server is starting up
        (psycopg.OperationalError("consuming input failed: server closed the connection"), True),
        (psycopg.errors.ConnectionFailure(), True),
        (psycopg.errors.LockNotAvailable(), False),  # a lock timed out: the connection is fine
        (psycopg.errors.QueryCanceled(), False),
        (sqlite3.OperationalError("database is locked"), False),
    ],
)
def test_a_dropped_connection_is_told_apart_from_a_busy_database(cause, dropped):
    assert connection_dropped(_django_error(cause)) is dropped


def test_a_closed_connection_is_dropped():
    assert connection_dropped(InterfaceError("connection already closed"))
