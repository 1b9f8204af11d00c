"""Django's last-resort error handler (handler500) answers with our pages, never its bare one."""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import get_resolver
from django.utils import translation

from crossnote.web.views.errors import server_error


def _answer(path: str, exc: Exception, **headers: str):
    request = RequestFactory().get(path, **headers)
    try:
        raise exc
    except Exception:  # handler500 runs while the error is being handled, as here
        return get_resolver().resolve_error_handler(500)(request)


def test_the_last_resort_handler_is_ours():
    assert get_resolver().resolve_error_handler(500) is server_error


def test_a_bug_gets_a_friendly_page_in_the_readers_language():
    with translation.override("zh-hans"):
        response = _answer("/notes/1", RuntimeError("a bug"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "<html" in page and "重试" in page
    assert "Server Error (500)" not in page


@pytest.mark.parametrize("path", ["/notes/1", "/api/v1/notes/1"])
def test_a_database_outside_any_view_that_went_away_gets_503(path):
    response = _answer(path, OperationalError("server closed the connection unexpectedly"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.database_unavailable  # so the read-retry middleware may try once more
    if path.startswith("/api/"):
        assert json.loads(response.content)["error"] == "unavailable"
    else:
        assert "briefly unavailable" in response.content.decode()


def test_an_api_bug_gets_json():
    response = _answer("/api/v1/notes/1", RuntimeError("a bug"))
    assert response.status_code == 500
    assert json.loads(response.content)["error"] == "server_error"
