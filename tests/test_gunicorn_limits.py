"""A real gunicorn, started as `crossnote serve` starts it, on a loopback port: a long query
string reaches Django and gets its 414 (JSON under /api/, a page elsewhere), and what
gunicorn still refuses itself (a 10,000-character query string is past its 8 KB maximum)
is answered as JSON with a stable code, never gunicorn's HTML page."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crossnote.core.management.commands.serve import gunicorn_command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, int]]:
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("gunicorn")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="crossnote.settings",
        CROSSNOTE_DATA_DIR=str(data_dir),
        CROSSNOTE_LOG_LEVEL="WARNING",
    )
    log = (data_dir / "gunicorn.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - the command `crossnote serve` runs
        gunicorn_command(f"127.0.0.1:{port}", 1, 2),
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # A real subprocess: poll with a generous bound until a worker has loaded Django
        # and answers (the port accepts connections before that).
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, (data_dir / "gunicorn.log").read_text()
            try:
                response, _body = _get(("127.0.0.1", port), "/api/v1/no-such-page")
                assert response.status == 404
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _get(server: tuple[str, int], path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection(*server, timeout=120)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_a_6000_character_query_string_gets_django_s_json_414(server):
    response, body = _get(server, "/api/v1/search?q=" + "a" * 6_000)
    assert response.status == 414
    assert response.getheader("Content-Type") == "application/json; charset=utf-8"  # Django's
    assert json.loads(body)["error"] == "url_too_long"


def test_a_6000_character_query_string_on_the_web_gets_our_page(server):
    response, body = _get(server, "/search?q=" + "a" * 6_000)
    assert response.status == 414
    assert response.getheader("Content-Type").startswith("text/html")
    assert b'class="error-page"' in body


def test_a_10000_character_query_string_is_refused_by_gunicorn_in_json(server):
    response, body = _get(server, "/api/v1/search?q=" + "a" * 10_000)
    assert response.status == 414
    assert response.getheader("Content-Type") == "application/json"
    assert json.loads(body)["error"] == "url_too_long"


def test_a_header_past_gunicorn_s_limit_is_refused_in_json(server):
    response, body = _get(server, "/api/v1/search?q=x", {"X-Padding": "p" * 10_000})
    assert response.status == 431
    assert json.loads(body)["error"] == "headers_too_large"


def test_malformed_http_is_refused_in_json(server):
    with socket.create_connection(server, timeout=120) as sock:
        sock.sendall(b"GET /api/v1/search HTTP/9.9\r\nHost: x\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert json.loads(body)["error"] == "bad_request"
