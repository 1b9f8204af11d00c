"""crossnote.core.sqlite: Django's SQLite backend with placeholder rewriting cached."""

import pytest
from django.db import connection

from crossnote.core.sqlite.base import _qmark

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend")


@pytest.mark.django_db
def test_a_repeated_statement_is_rewritten_once_and_answers_as_before():
    _qmark.cache_clear()
    sql = "SELECT '100%%', %s, %s || '%%s'"
    for value in ("a", "b"):
        with connection.cursor() as cursor:
            cursor.execute(sql, [value, "x"])
            assert cursor.fetchone() == ("100%", value, "x%s")
    assert _qmark.cache_info().hits == 1 and _qmark.cache_info().misses == 1


@pytest.mark.django_db
def test_named_parameters_still_work():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %(a)s + %(b)s", {"a": 1, "b": 2})
        assert cursor.fetchone() == (3,)
