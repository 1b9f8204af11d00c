"""Boards on the web: the profile's form, the board page's tools, the collect menu's new
board and moving a note; refusals said in the page, someone else's board a 404."""

from __future__ import annotations

import pytest
from django.test import Client

from crossnote.engagement.models import Board, Collect

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_create_rename_publish_and_delete_from_the_web(make_user):
    anna, _ = make_user("anna")
    client = Client()
    client.force_login(anna)
    page = client.get("/@anna/boards")
    assert b'data-testid="create-board"' in page.content
    made = client.post("/boards/new", {"name": "Trips", "visibility": "public"})
    board = Board.objects.get(owner=anna, name="Trips")
    assert made.url == f"/boards/{board.pk}"
    assert board.is_private is False
    shown = client.get(f"/boards/{board.pk}")
    assert b"Everyone can see this board" in shown.content
    client.post(f"/boards/{board.pk}/edit", {"name": "Weekend", "visibility": "private"})
    board.refresh_from_db()
    assert (board.name, board.is_private) == ("Weekend", True)
    gone = client.post(f"/boards/{board.pk}/delete")
    assert gone.url == "/@anna/boards"
    assert not Board.objects.filter(pk=board.pk).exists()


def test_a_refused_name_is_said_and_kept(make_user):
    anna, _ = make_user("anna")
    client = Client()
    client.force_login(anna)
    client.post("/boards/new", {"name": "Food"})
    again = client.post("/boards/new", {"name": "food"}, follow=True)
    assert b"You already have a board with that name." in again.content
    assert b'value="food"' in again.content  # the name typed is still in the form
    board = Board.objects.get(owner=anna, name="Food")
    long = client.post(f"/boards/{board.pk}/edit", {"name": "x" * 41}, follow=True)
    assert b"A board name has 1 to 40 characters." in long.content
    assert Board.objects.get(pk=board.pk).name == "Food"


def test_someone_elses_board_cannot_be_changed_or_seen_when_private(make_user):
    anna, _ = make_user("anna")
    bo, _ = make_user("bo")
    secret = Board.objects.create(owner=anna, name="Secret")
    client = Client()
    client.force_login(bo)
    assert client.post(f"/boards/{secret.pk}/edit", {"name": "Mine"}).status_code == 404
    assert client.post(f"/boards/{secret.pk}/delete").status_code == 404
    assert client.get(f"/boards/{secret.pk}").status_code == 404
    assert b"Secret" not in client.get("/@anna/boards").content
    assert Client().get(f"/boards/{secret.pk}").status_code == 404
    assert Board.objects.get(pk=secret.pk).name == "Secret"
    # Anonymous people are sent to log in, and nothing changes.
    assert Client().post("/boards/new", {"name": "x"}).status_code == 302
    assert not Board.objects.filter(name="x").exists()


def test_new_board_from_the_collect_menu_and_moving_a_note(make_user, post_note):
    anna, _ = make_user("anna")
    note = post_note(make_user("bo")[1])
    client = Client()
    client.force_login(anna)
    url = f"/notes/{note['id']}/collect"
    box = client.post(url, {"board": "new", "new_board_name": "Cafés 咖啡"}, **HTMX)
    cafes = Board.objects.get(owner=anna, name="Cafés 咖啡")
    assert Collect.objects.get(user=anna).board_id == cafes.pk
    assert b'data-testid="move-board"' in box.content
    default = Board.objects.get(owner=anna, is_default=True)
    client.post(url, {"board": str(default.pk)}, **HTMX)
    assert Collect.objects.get(user=anna).board_id == default.pk
    refused = client.post(url, {"board": "new", "new_board_name": " "}, **HTMX)
    assert refused.status_code == 400
    assert Collect.objects.get(user=anna).board_id == default.pk
