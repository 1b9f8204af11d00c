"""Boards through the API: create, rename, make private or public, delete, move a note
between boards; bad input; and the privacy rule (engagement.queries.visible_boards)."""

from __future__ import annotations

import pytest

from crossnote.engagement.models import Board, Collect
from crossnote.engagement.queries import visible_boards
from crossnote.relations import actions as relations

pytestmark = pytest.mark.django_db


def _names(client, username):
    return [b["name"] for b in client.get(f"/users/{username}/boards").json()]


def test_create_rename_make_public_and_delete(make_user):
    _anna, anna = make_user("anna")
    made = anna.post("/me/boards", {"name": "  Trips   旅行 "})
    assert made.status_code == 201
    board = made.json()
    assert (board["name"], board["is_private"], board["note_count"]) == ("Trips 旅行", True, 0)
    renamed = anna.patch(f"/me/boards/{board['id']}", {"name": "Weekend trips"})
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Weekend trips"
    public = anna.patch(f"/me/boards/{board['id']}", {"is_private": False}).json()
    assert (public["name"], public["is_private"]) == ("Weekend trips", False)
    assert anna.delete(f"/me/boards/{board['id']}").json() == {"ok": True}
    assert [b["name"] for b in anna.get("/me/boards").json()] == ["Collected"]


@pytest.mark.parametrize(
    ("name", "code"),
    [("", "invalid_board_name"), ("   ", "invalid_board_name"), ("x" * 41, "invalid_board_name")],
)
def test_bad_names_are_refused_and_nothing_is_stored(make_user, name, code):
    _anna, anna = make_user("anna")
    response = anna.post("/me/boards", {"name": name})
    assert response.status_code == 400
    assert response.json()["error"] == code
    assert response.json()["message"]
    assert not Board.objects.filter(is_default=False).exists()
    board = anna.post("/me/boards", {"name": "Food"}).json()
    response = anna.patch(f"/me/boards/{board['id']}", {"name": name})
    assert (response.status_code, response.json()["error"]) == (400, code)
    assert Board.objects.get(pk=board["id"]).name == "Food"


def test_names_over_the_schema_limit_are_refused_too(make_user):
    _anna, anna = make_user("anna")
    response = anna.post("/me/boards", {"name": "x" * 201})
    assert response.status_code in (400, 422)
    assert "error" in response.json() and "message" in response.json()


def test_duplicate_names_ignoring_case(make_user):
    _anna, anna = make_user("anna")
    food = anna.post("/me/boards", {"name": "Food"}).json()
    again = anna.post("/me/boards", {"name": "food"})
    assert again.status_code == 409
    assert again.json()["error"] == "duplicate_board_name"
    trips = anna.post("/me/boards", {"name": "Trips"}).json()
    clash = anna.patch(f"/me/boards/{trips['id']}", {"name": "FOOD"})
    assert (clash.status_code, clash.json()["error"]) == (409, "duplicate_board_name")
    # Renaming a board to its own name in another case is fine.
    assert anna.patch(f"/me/boards/{food['id']}", {"name": "FOOD"}).json()["name"] == "FOOD"
    # Someone else may use the same name.
    _bo, bo = make_user("bo")
    assert bo.post("/me/boards", {"name": "Food"}).status_code == 201


def test_the_default_board_keeps_its_name_but_may_be_made_public(make_user):
    _anna, anna = make_user("anna")
    default = anna.get("/me/boards").json()[0]
    refused = anna.patch(f"/me/boards/{default['id']}", {"name": "Mine"})
    assert (refused.status_code, refused.json()["error"]) == (400, "default_board")
    assert (
        anna.patch(f"/me/boards/{default['id']}", {"is_private": False}).json()["is_private"]
        is False
    )


def test_someone_elses_board_is_not_found(make_user):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    board = anna.post("/me/boards", {"name": "Secret", "is_private": False}).json()
    for response in (
        bo.patch(f"/me/boards/{board['id']}", {"name": "Mine now"}),
        bo.patch(f"/me/boards/{board['id']}", {"is_private": True}),
        bo.delete(f"/me/boards/{board['id']}"),
        bo.patch("/me/boards/999999", {"name": "x"}),
    ):
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
    assert Board.objects.get(pk=board["id"]).name == "Secret"


def test_anonymous_people_cannot_manage_boards(api):
    assert api.post("/me/boards", {"name": "x"}).status_code == 401
    assert api.patch("/me/boards/1", {"name": "x"}).status_code == 401


def test_moving_a_collected_note_between_boards_keeps_counts(make_user, post_note):
    _anna, anna = make_user("anna")
    note = post_note(make_user("bo")[1])
    food = anna.post("/me/boards", {"name": "Food"}).json()
    trips = anna.post("/me/boards", {"name": "Trips"}).json()
    anna.post(f"/notes/{note['id']}/collect", {"board_id": food["id"]})
    moved = anna.post(f"/notes/{note['id']}/collect", {"board_id": trips["id"]}).json()
    assert moved == {"collected": True, "board_id": trips["id"], "collect_count": 1}
    counts = {b["name"]: b["note_count"] for b in anna.get("/me/boards").json()}
    assert counts == {"Collected": 0, "Food": 0, "Trips": 1}
    for board in Board.objects.all():
        assert board.note_count == Collect.objects.filter(board=board).count()


def test_a_private_board_is_the_owners_alone_everywhere(make_user, post_note, api):
    anna_user, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(bo)
    secret = anna.post("/me/boards", {"name": "Secret"}).json()
    open_board = anna.post("/me/boards", {"name": "Open", "is_private": False}).json()
    anna.post(f"/notes/{note['id']}/collect", {"board_id": secret["id"]})
    # Others: not listed, not countable, its notes a 404 — signed in or not.
    for client in (bo, api):
        assert _names(client, "anna") == ["Open"]
        assert client.get(f"/boards/{secret['id']}/notes").status_code == 404
        assert client.get(f"/boards/{open_board['id']}/notes").status_code == 200
    # Making it public shows it; private again hides it.
    anna.patch(f"/me/boards/{secret['id']}", {"is_private": False})
    assert _names(bo, "anna") == ["Secret", "Open"]
    assert [n["id"] for n in bo.get(f"/boards/{secret['id']}/notes").json()["items"]] == [
        note["id"]
    ]
    anna.patch(f"/me/boards/{secret['id']}", {"is_private": True})
    assert bo.get(f"/boards/{secret['id']}/notes").status_code == 404
    # The owner sees all of theirs.
    assert {b.name for b in visible_boards(anna_user)} == {"Collected", "Secret", "Open"}


def test_blocks_and_bans_hide_public_boards(make_user):
    anna_user, anna = make_user("anna")
    bo_user, bo = make_user("bo")
    board = anna.post("/me/boards", {"name": "Open", "is_private": False}).json()
    relations.do_block(anna_user, bo_user)
    assert bo.get(f"/boards/{board['id']}/notes").status_code == 404
    assert not visible_boards(bo_user).filter(pk=board["id"]).exists()
    relations.do_unblock(anna_user, bo_user)
    assert bo.get(f"/boards/{board['id']}/notes").status_code == 200
    anna_user.is_active = False
    anna_user.save(update_fields=["is_active"])
    assert bo.get(f"/boards/{board['id']}/notes").status_code == 404
