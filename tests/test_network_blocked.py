"""Tests run with the network beyond loopback blocked, so none can pass by reaching out."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest
from pytest_socket import SocketConnectBlockedError

from tests.conftest import NetworkBlocked

OUTSIDE = "192.0.2.1"  # TEST-NET-1: never a real host, and blocked before any packet
# pytest-socket warns as it refuses; here refusing is the point.
pytestmark = pytest.mark.filterwarnings("ignore:A test tried to use socket")


def test_connecting_beyond_loopback_is_refused():
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection((OUTSIDE, 80), timeout=5)
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("2001:db8::1", 80), timeout=5)


def test_names_beyond_loopback_are_not_looked_up():
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(NetworkBlocked):
        socket.gethostbyname("example.org")


def test_http_clients_cannot_reach_out():
    with pytest.raises((NetworkBlocked, SocketConnectBlockedError)):
        httpx.get("http://example.org/", timeout=5)
    with pytest.raises((NetworkBlocked, SocketConnectBlockedError)):
        httpx.get(f"http://{OUTSIDE}/", timeout=5)


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_still_works(host):
    server = HTTPServer(("127.0.0.1", 0), _Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        assert httpx.get(f"http://{host}:{port}/", timeout=30).text == "hello"
    finally:
        server.shutdown()
        server.server_close()
