"""Shared fixtures: an API client that checks every answer against the OpenAPI schema and
runs after-commit work (tasks) as a real request would, people, photos and notes."""

from __future__ import annotations

import asyncio
import contextlib
import io
import ipaddress
import json
import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import TestCase
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from crossnote.feeds.stores import timeline_store
from crossnote.media.storage import originals_storage
from tests import images
from tests.browser import chromium

PASSWORD = "correct horse battery staple"


LOOPBACK_HOSTS = ["127.0.0.1", "::1", "localhost"]


class NetworkBlocked(RuntimeError):
    """A test tried to look up or reach a host beyond loopback."""


def _asks_no_name_server(host: Any) -> bool:
    """No host (binding to "any address"), "localhost", or an address written out: looking
    these up sends nothing. (Connecting to an address beyond loopback is refused apart.)"""
    if host in (None, "", b"", "localhost", b"localhost"):
        return True
    try:
        ipaddress.ip_address(host.decode() if isinstance(host, bytes) else host)
    except ValueError:
        return False
    return True


def _loopback_only(real: Any) -> Any:
    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _asks_no_name_server(host):
            raise NetworkBlocked(f"tests may not look up {host!r}: only loopback is allowed")
        return real(host, *args, **kwargs)

    return guarded


@pytest.fixture(autouse=True)
def _network_beyond_loopback_blocked(monkeypatch: Any) -> None:
    """No test reaches out: connecting anywhere but loopback raises pytest-socket's
    SocketConnectBlockedError, and looking up any other name raises NetworkBlocked before a
    DNS query leaves. PostgreSQL (libpq connects on its own) and Redis on 127.0.0.1 work.
    pytest-socket lifts its guard after each test, so this sets it again for each one."""
    from pytest_socket import socket_allow_hosts

    socket_allow_hosts(LOOPBACK_HOSTS, allow_unix_socket=True)
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, _loopback_only(getattr(socket, name)))


class LoopLeftRunning(AssertionError):
    """A test (or a fixture it used) left an asyncio event loop marked as running in the
    test thread."""


@pytest.fixture
def browser() -> Any:
    """Headless Chromium (tests/browser.py): one per process, kept only while consecutive
    tests ask for it. Tests anywhere ask for it by name; never import a browser fixture (a
    second Playwright cannot run beside the first)."""
    return chromium.get()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """After a test's fixtures are gone: stop the browser unless the next test wants it, then
    fail the test if an event loop is still marked running in this thread. Every later test
    in the process would run "inside" it: Django refuses ORM calls there and Playwright's
    sync API refuses to start, far from the test that caused it."""
    try:
        return (yield)
    finally:
        if "browser" not in getattr(nextitem, "fixturenames", ()):
            chromium.stop()
        refuse_a_running_loop(item.nodeid)


def refuse_a_running_loop(test: str) -> None:
    """Raise LoopLeftRunning if a loop other than the shared browser's is marked running in
    this thread, and unmark it, so that only the test that left it fails."""
    loop = asyncio._get_running_loop()
    if loop is not None and loop is not chromium.loop:
        asyncio._set_running_loop(None)
        raise LoopLeftRunning(
            f"{test} left an asyncio event loop running in the test thread ({loop!r})."
            " Stop what started it before the test ends (a Playwright: use the `browser`"
            " fixture; a loop: run it with asyncio.run() or close it)."
        )


def pytest_sessionfinish() -> None:
    chromium.stop()
    _remove_the_sqlite_test_database()


def _remove_the_sqlite_test_database() -> None:
    """Django deletes the test database's file but not SQLite's -wal and -shm beside it
    (tests/settings.py puts them on /dev/shm, which is memory): without this each run left
    ~8 MB there until the next reboot."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "sqlite" not in database["ENGINE"]:
        return
    name = database.get("TEST", {}).get("NAME")
    for path in (f"{name}", f"{name}-wal", f"{name}-shm") if name else ():
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


@pytest.fixture(scope="session")
def openapi_spec() -> OpenAPI:
    from crossnote.api.main import api

    return OpenAPI.from_dict(json.loads(json.dumps(api.get_openapi_schema(), default=str)))


class ApiClient:
    """Django's test client for /api/v1, authenticated with a bearer token when given one."""

    def __init__(self, client: Any, spec: OpenAPI, token: str | None = None) -> None:
        self.client = client
        self.spec = spec
        self.token = token

    def as_(self, token: str | None) -> ApiClient:
        return ApiClient(self.client, self.spec, token)

    def call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        data: Any = None,
        query: dict | None = None,
        headers: dict | None = None,
    ) -> Any:
        extra = {"headers": {**(headers or {})}}
        if self.token:
            extra["headers"]["Authorization"] = f"Bearer {self.token}"
        url = "/api/v1" + path
        with TestCase.captureOnCommitCallbacks(execute=True):
            if data is not None:
                response = (
                    self.client.generic(method, url, **self._multipart(data), **extra)
                    if method != "POST"
                    else self.client.post(url, data=data, **extra)
                )
            elif json_body is not None:
                response = self.client.generic(
                    method, url, json.dumps(json_body), content_type="application/json", **extra
                )
            else:
                response = (
                    self.client.generic(method, url, (query and _qs(query)) or "", **extra)
                    if method != "GET"
                    else self.client.get(url, query or {}, **extra)
                )
        self._validate(method, url, query, response)
        return response

    def _multipart(self, data: Any) -> dict:
        raise NotImplementedError("multipart is only used with POST")

    def _validate(self, method: str, url: str, query: dict | None, response: Any) -> None:
        content_type = response.get("Content-Type", "")
        if not content_type.startswith("application/json"):
            return
        request = MockRequest("http://testserver", method.lower(), url, args=query or {})
        self.spec.validate_response(
            request,
            MockResponse(
                response.content, status_code=response.status_code, content_type="application/json"
            ),
        )

    def get(self, path: str, **query: Any) -> Any:
        return self.call("GET", path, query={k: v for k, v in query.items() if v is not None})

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("POST", path, json_body=body if body is not None else {}, **kw)

    def patch(self, path: str, body: Any) -> Any:
        return self.call("PATCH", path, json_body=body)

    def put(self, path: str, body: Any) -> Any:
        return self.call("PUT", path, json_body=body)

    def delete(self, path: str) -> Any:
        return self.call("DELETE", path)


def _qs(query: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(query)


@pytest.fixture
def api(client: Any, openapi_spec: OpenAPI, db: Any) -> ApiClient:
    return ApiClient(client, openapi_spec)


@pytest.fixture(autouse=True)
def _fresh_shared_state(settings: Any, tmp_path: Any) -> Iterator[None]:
    """Files, caches, Redis timelines and the in-memory meaning index outlive a test's
    database transaction: each test gets its own media folders and starts with empty caches
    and an index loaded afresh. (The index notices a table that went *behind* it, but not
    rows rolled back under later ones, which only a test's rollback or a restore makes.)
    The active language too: LocaleMiddleware leaves a Chinese request's language active in
    the thread, and a page rendered outside any view (an outage) would use it."""
    from django.utils import translation

    from crossnote.search import vectors

    vectors.forget_index()
    translation.activate(settings.LANGUAGE_CODE)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CROSSNOTE_ORIGINALS_ROOT = tmp_path / "originals"
    originals_storage.cache_clear()
    cache.clear()
    timeline_store.cache_clear()
    yield
    if settings.CROSSNOTE_TIMELINE_STORE == "redis":
        timeline_store().clear()
    cache.clear()


@pytest.fixture
def make_user(api: ApiClient):
    """make_user("anna") signs a person up through the API; returns (user, token client)."""
    from crossnote.accounts.models import User

    def make(username: str, **profile: Any) -> tuple[User, ApiClient]:
        body = {
            "username": username,
            "password": PASSWORD,
            "display_name": profile.pop("display_name", ""),
        }
        response = api.post("/auth/signup", body)
        assert response.status_code == 201, response.content
        client = api.as_(response.json()["token"])
        if profile:
            assert client.patch("/me", profile).status_code == 200
        return User.objects.get(username=username), client

    return make


@pytest.fixture
def post_note():
    """post_note(client, body="...", images=2, **fields) posts a note through the API."""

    def post(
        client: ApiClient, body: str = "A note", *, images_count: int = 1, **fields: Any
    ) -> dict:
        files = [
            images.upload(images.jpeg(color=(200, 40 * i % 255, 90)), f"p{i}.jpg")
            for i in range(images_count)
        ]
        data = {"title": fields.pop("title", "Title"), "body": body, "images": files, **fields}
        response = client.call("POST", "/notes", data=data)
        assert response.status_code == 201, response.content
        # The answer to the POST says "processing"; by now the photos are made.
        return client.get(f"/notes/{response.json()['id']}").json()

    return post


__all__ = ["LOOPBACK_HOSTS", "PASSWORD", "ApiClient", "LoopLeftRunning", "NetworkBlocked", "io"]
