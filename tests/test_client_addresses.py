"""Everything keyed by the client's address uses `core.clients.client_address`: behind a
trusted proxy each visitor is themselves, and nobody else can pick an address by header."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from crossnote.notes.models import Note

PROXY = "10.0.0.5"
VISITORS = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]


def _view(client, path, remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote, "HTTP_USER_AGENT": "Phone/1.0"}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    response = client.get(path, **headers)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("surface", ["api", "web"])
def test_views_behind_a_trusted_proxy_count_each_visitor(
    client, make_user, post_note, settings, surface
):
    settings.CROSSNOTE_TRUSTED_PROXIES = [PROXY]
    _anna, anna = make_user("anna")
    note_id = post_note(anna)["id"]
    path = f"/api/v1/notes/{note_id}" if surface == "api" else f"/notes/{note_id}"
    for visitor in VISITORS:
        _view(client, path, PROXY, forwarded=visitor)
    assert Note.objects.get(pk=note_id).view_count == len(VISITORS)


@pytest.mark.parametrize("surface", ["api", "web"])
def test_an_untrusted_client_cannot_make_views_by_forging_the_header(
    client, make_user, post_note, settings, surface
):
    settings.CROSSNOTE_TRUSTED_PROXIES = [PROXY]
    _anna, anna = make_user("anna")
    note_id = post_note(anna)["id"]
    path = f"/api/v1/notes/{note_id}" if surface == "api" else f"/notes/{note_id}"
    for forged in VISITORS:
        _view(client, path, "198.51.100.7", forwarded=forged)
    assert Note.objects.get(pk=note_id).view_count == 1


CLIENT_ADDRESS_SOURCES = {"REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "X-Forwarded-For", "X-Real-IP"}


def test_only_core_clients_reads_the_clients_address_from_a_request():
    """One helper decides who the client is; any other reader of REMOTE_ADDR or the
    forwarding headers would count proxies, or believe forged headers."""
    root = Path(__file__).resolve().parent.parent / "crossnote"
    readers = []
    for path in root.rglob("*.py"):
        if path.relative_to(root).as_posix() == "core/clients.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in CLIENT_ADDRESS_SOURCES:
                readers.append(f"{path.relative_to(root)}:{node.lineno}")
    assert readers == []
