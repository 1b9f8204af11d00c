"""Database connections dropped under the app (pg_terminate_backend), in-process.

Reads are run again on a fresh connection; writes answer 503 with Retry-After, never 500;
the next request works. The tests need real commits (transaction=True): a request inside a
test's transaction could not be retried, so it would get a 503 too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from crossnote.engagement.models import Like
from tests.faults.pg import Terminator, skip_unless_postgresql

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ender() -> Iterator[Terminator]:
    skip_unless_postgresql()
    terminator = Terminator()
    yield terminator
    terminator.close()


@pytest.fixture
def note_of_anna(make_user: Any, post_note: Any) -> tuple[Any, dict]:
    _anna, anna = make_user("anna")
    _ben, ben = make_user("ben")
    return ben, post_note(anna, "Dumplings at the corner shop")


class KillOnce:
    """An execute wrapper that ends the app's own backend just before the first statement it
    sees: the connection dies in the middle of a request."""

    def __init__(self, ender: Terminator) -> None:
        self.ender = ender
        self.fired = False

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not self.fired:
            self.fired = True
            self.ender.terminate(connection.connection.info.backend_pid)
        return execute(sql, params, many, context)


def test_a_read_after_its_connection_was_dropped_is_run_again(ender, note_of_anna, api):
    ben, note = note_of_anna
    before = ender.app_pid()
    assert ender.terminate(before)
    response = ben.get(f"/notes/{note['id']}")
    assert response.status_code == 200, response.content
    assert response.json()["id"] == note["id"]
    assert ender.app_pid() != before  # it ran on a new connection


def test_a_read_whose_connection_drops_mid_request_is_run_again(ender, note_of_anna, client):
    _ben, note = note_of_anna
    ender.app_pid()  # the app's connection is open before the request starts
    kill = KillOnce(ender)
    with connection.execute_wrapper(kill):
        api_answer = client.get(f"/api/v1/notes/{note['id']}")
    assert kill.fired
    assert api_answer.status_code == 200, api_answer.content
    kill = KillOnce(ender)
    with connection.execute_wrapper(kill):
        page = client.get(f"/notes/{note['id']}")
    assert kill.fired
    assert page.status_code == 200
    assert "Dumplings at the corner shop" in page.content.decode()


def test_a_write_whose_connection_dropped_gets_503_then_works(ender, note_of_anna):
    ben, note = note_of_anna
    ender.terminate(ender.app_pid())
    response = ben.post(f"/notes/{note['id']}/like")
    assert response.status_code == 503, response.content
    assert response.json()["error"] == "unavailable"
    assert response["Retry-After"] == "5"
    assert not Like.objects.exists()  # nothing stored half-way
    again = ben.post(f"/notes/{note['id']}/like")  # the dead connection was let go
    assert again.status_code == 200, again.content
    assert Like.objects.count() == 1


def test_a_web_write_whose_connection_dropped_gets_a_translated_page(ender, note_of_anna, client):
    from crossnote.accounts.models import User

    _ben, note = note_of_anna
    client.force_login(User.objects.get(username="ben"))
    ender.terminate(ender.app_pid())
    response = client.post(f"/notes/{note['id']}/like", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "暂时无法使用" in page and "<html" in page
    assert not Like.objects.exists()
    kill = KillOnce(ender)
    with connection.execute_wrapper(kill):
        flash = client.post(f"/notes/{note['id']}/like", HTTP_HX_REQUEST="true")
    assert flash.status_code == 503
    assert flash["HX-Retarget"] == "#flash"
    assert "briefly unavailable" in flash.content.decode()
    assert client.post(f"/notes/{note['id']}/like").status_code == 302
    assert Like.objects.count() == 1
