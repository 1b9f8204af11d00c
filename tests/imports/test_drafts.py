"""Imported notes are drafts: seen by their author alone on every surface, until the author
publishes them (all, or those picked). Nobody's followers are flooded by an import."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crossnote.notes.models import Note
from tests.imports import archives
from tests.imports.archives import IgPost

pytestmark = pytest.mark.django_db

MAY_3 = int(datetime(2024, 5, 3, tzinfo=UTC).timestamp())


@pytest.fixture
def imported(make_user, upload_archive):
    """mia imported three posts; anna follows her."""
    mia, client = make_user("mia")
    _, anna = make_user("anna")
    assert anna.post("/users/mia/follow").status_code == 200
    posts = [IgPost(f"Hotpot night {i} #hotpot", MAY_3 + i) for i in range(3)]
    upload_archive(client, archives.instagram("content/posts_1.json", posts))
    notes = list(Note.objects.filter(author=mia).order_by("pk"))
    assert [n.state for n in notes] == [Note.State.DRAFT] * 3
    return client, anna, notes


def _seen_by(viewer, api, note: Note) -> dict[str, bool]:
    reader = viewer or api
    detail = reader.get(f"/notes/{note.pk}")
    photo = Note.objects.get(pk=note.pk).cover.url("grid")
    return {
        "note": detail.status_code == 200,
        "similar": reader.get(f"/notes/{note.pk}/similar").status_code == 200,
        "discover": any(i["id"] == note.pk for i in reader.get("/feeds/discover").json()["items"]),
        "search": bool(reader.get("/search", q="hotpot").json()["notes"]),
        "profile": bool(reader.get("/users/mia/notes").json()["items"]),
        "tag": bool(reader.get("/tags/hotpot/notes").json()["items"]),
        "photo": reader.client.get(photo, **_auth(viewer)).status_code == 200,
        "following": viewer is not None
        and any(i["id"] == note.pk for i in viewer.get("/feeds/following").json()["items"]),
    }


def _auth(client) -> dict:
    return {"headers": {"Authorization": f"Bearer {client.token}"}} if client else {}


def test_a_draft_is_seen_by_its_author_alone(imported, api):
    client, anna, notes = imported
    nothing = dict.fromkeys(
        ("note", "similar", "discover", "search", "profile", "tag", "photo", "following"), False
    )
    assert _seen_by(anna, api, notes[0]) == nothing
    assert _seen_by(None, api.as_(None), notes[0]) == nothing
    mine = client.get(f"/notes/{notes[0].pk}").json()
    assert (mine["state"], mine["original_platform"]) == ("draft", "instagram")
    assert client.get("/users/mia").json()["note_count"] == 0
    assert [n["id"] for n in client.get("/imports/drafts").json()] == [n.pk for n in notes]


def test_publish_picked_then_all(imported, api):
    client, anna, notes = imported
    picked = client.post("/imports/drafts/publish", {"note_ids": [notes[1].pk]})
    assert picked.json() == {"published": 1}
    assert anna.get(f"/notes/{notes[1].pk}").status_code == 200
    assert anna.get(f"/notes/{notes[0].pk}").status_code == 404
    following = [i["id"] for i in anna.get("/feeds/following").json()["items"]]
    assert following == [notes[1].pk]
    assert client.post("/imports/drafts/publish", {}).json() == {"published": 2}
    assert client.post("/imports/drafts/publish", {}).json() == {"published": 0}
    assert client.get("/users/mia").json()["note_count"] == 3
    assert client.get("/imports/drafts").json() == []


def test_nobody_publishes_anothers_drafts(imported):
    _client, anna, notes = imported
    assert anna.post("/imports/drafts/publish", {"note_ids": [notes[0].pk]}).json() == {
        "published": 0
    }
    assert Note.objects.get(pk=notes[0].pk).state == Note.State.DRAFT
    assert anna.get("/imports/drafts").json() == []
