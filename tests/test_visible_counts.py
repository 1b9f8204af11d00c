"""Counts shown to a viewer count only what that viewer may see: a profile's note count does
not tell a stranger that followers-only or private notes exist (API and web)."""

import re

import pytest
from django.test import Client


@pytest.fixture
def anna(make_user, post_note):
    """anna with one public, one followers-only and one private note; bo follows her."""
    user, client = make_user("anna")
    for visibility in ("public", "followers", "private"):
        post_note(client, f"a {visibility} note", visibility=visibility)
    bo_user, bo = make_user("bo")
    bo.post("/users/anna/follow")
    return user, client, (bo_user, bo)


def _api_count(client) -> int:
    return client.get("/users/anna").json()["note_count"]


def _web_count(user=None) -> int:
    browser = Client()
    if user is not None:
        browser.force_login(user)
    html = browser.get("/@anna").content.decode()
    return int(re.search(r"<strong>(\d+)</strong> notes?<", html).group(1))


def test_each_viewer_counts_what_they_may_see(api, make_user, anna):
    anna_user, anna_client, (bo_user, bo) = anna
    stranger_user, stranger = make_user("cy")
    assert _api_count(api) == 1 and _web_count() == 1  # anonymous: the public note
    assert _api_count(stranger) == 1 and _web_count(stranger_user) == 1
    assert _api_count(bo) == 2 and _web_count(bo_user) == 2  # a follower: public + followers
    assert _api_count(anna_client) == 3 and _web_count(anna_user) == 3  # her own: every note
    assert anna_client.get("/me").json()["note_count"] == 3


def test_a_private_account_shows_strangers_no_count(api, make_user, anna):
    _anna_user, anna_client, (_bo_user, bo) = anna
    anna_client.patch("/me", {"is_private": True})
    assert _api_count(api) == 0 and _web_count() == 0
    assert _api_count(bo) == 2


def test_hiding_notes_from_someone_by_blocking_them_hides_the_count(anna):
    _anna_user, _anna_client, (bo_user, bo) = anna
    bo.post("/users/anna/block")  # the blocker still finds her profile, but none of her notes
    assert _api_count(bo) == 0 and _web_count(bo_user) == 0


def test_a_public_boards_count_leaves_out_notes_hidden_from_the_viewer(api, anna):
    _anna_user, anna_client, (_bo_user, bo) = anna
    board = bo.post("/me/boards", {"name": "Picks", "is_private": False}).json()
    for note in anna_client.get("/users/anna/notes").json()["items"]:
        if note["title"] and bo.get(f"/notes/{note['id']}").status_code == 200:
            bo.post(f"/notes/{note['id']}/collect", {"board_id": board["id"]})

    def counts(client):
        return {b["name"]: b["note_count"] for b in client.get("/users/bo/boards").json()}

    assert counts(bo)["Picks"] == 2 and counts(api)["Picks"] == 1  # the followers-only one
    assert {b["name"]: b["note_count"] for b in bo.get("/me/boards").json()}["Picks"] == 2
    assert len(api.get(f"/boards/{board['id']}/notes").json()["items"]) == 1
    html = Client().get("/@bo/boards").content.decode()
    assert re.search(r"<strong>Picks</strong> <span class=\"stats\">1 note<", html)
