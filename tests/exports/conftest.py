"""Exports: each test has its own exports folder, and a person with something to export."""

from __future__ import annotations

import io
import zipfile

import pytest


@pytest.fixture(autouse=True)
def exports_root(settings, tmp_path):
    settings.CROSSNOTE_EXPORTS_ROOT = tmp_path / "exports"
    return settings.CROSSNOTE_EXPORTS_ROOT


@pytest.fixture
def lena(make_user, post_note):
    """Lena: two notes (one with two photos), a comment, a like, a board, follows, a block,
    a mute and a keyword filter; Omar, whose note she likes and collects."""
    lena_user, lena = make_user("lena", display_name="Lena Li", bio="Tea & hiking")
    _omar_user, omar = make_user("omar")
    make_user("pia")
    first = post_note(lena, "Morning tea by the lake #tea", title="Lake tea", images_count=2)
    second = post_note(lena, "Ridge walk <b>not bold</b>", title="Ridge", visibility="followers")
    omar_note = post_note(omar, "Omar's dumplings", title="Dumplings")
    assert lena.post(f"/notes/{omar_note['id']}/like").status_code == 200
    board = lena.post("/me/boards", {"name": "Trips", "is_private": False}).json()
    assert lena.post(f"/notes/{first['id']}/collect", {"board_id": board["id"]}).status_code == 200
    assert (
        lena.post(f"/notes/{omar_note['id']}/collect", {"board_id": board["id"]}).status_code == 200
    )
    assert lena.post(f"/notes/{omar_note['id']}/comments", {"body": "Yum!"}).status_code == 201
    assert lena.post("/users/omar/follow").status_code == 200
    assert omar.post("/users/lena/follow").status_code == 200
    assert lena.post("/users/pia/mute").status_code == 200
    return {
        "user": lena_user,
        "client": lena,
        "omar": omar,
        "notes": [first["id"], second["id"]],
        "omar_note": omar_note["id"],
        "board": board["id"],
    }


def open_zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))
