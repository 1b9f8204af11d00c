"""Server drafts (notes.drafts): saved and listed for their author, and nobody else's
anywhere — feeds, search (words and meaning), similar notes, profiles, tag pages, counts,
the note's own address — by the one rule (visible_notes lists PUBLISHED notes only)."""

from __future__ import annotations

import pytest
from django.test import Client

from crossnote.notes.models import Note
from crossnote.search.models import NoteDocument, NoteVector
from crossnote.tags.models import NoteTag

pytestmark = pytest.mark.django_db

DRAFT = {"title": "Zanzibar spice draft", "body": "Secret zanzibar cloves #zanzibarspice"}


def _ids(response):
    return [n["id"] for n in response.json()["items"]]


def test_save_update_list_and_delete_a_draft(make_user):
    _anna, anna = make_user("anna")
    made = anna.post("/me/drafts", {**DRAFT, "topic": "food"})
    assert made.status_code == 201
    draft = made.json()
    assert (draft["title"], draft["topic"], draft["visibility"]) == (
        DRAFT["title"],
        "food",
        "public",
    )
    updated = anna.put(f"/me/drafts/{draft['id']}", {**DRAFT, "title": "Spice market"}).json()
    assert updated["title"] == "Spice market"
    assert [d["id"] for d in anna.get("/me/drafts").json()] == [draft["id"]]
    assert anna.delete(f"/me/drafts/{draft['id']}").json() == {"ok": True}
    assert anna.get("/me/drafts").json() == []
    assert anna.delete(f"/me/drafts/{draft['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"title": "", "body": "  "}, 400, "empty_draft"),
        ({"title": "x" * 41}, 400, "title_too_long"),
        ({"body": "x" * 1001}, 400, "body_too_long"),
        ({"body": "ok", "topic": "nonsense"}, 400, "invalid_topic"),
        ({"body": "ok", "visibility": "everyone"}, 400, "invalid_visibility"),
        ({"body": "ok", "kind": "essay"}, 400, "invalid_kind"),
        ({"body": "ok", "place": "p" * 81}, 400, "place_too_long"),
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_stored(make_user, body, status, code):
    _anna, anna = make_user("anna")
    response = anna.post("/me/drafts", body)
    assert (response.status_code, response.json()["error"]) == (status, code)
    assert response.json()["message"]
    assert not Note.objects.filter(state=Note.State.DRAFT).exists()


def test_a_title_longer_than_the_rule_is_kept_while_writing(make_user):
    _anna, anna = make_user("anna")
    long_title = "咖啡" * 15  # 30 CJK: over the title rule, but fits the column
    assert anna.post("/me/drafts", {"title": long_title}).status_code == 201


def test_someone_elses_draft_is_not_found(make_user, api):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    draft = anna.post("/me/drafts", DRAFT).json()
    for response in (
        bo.get(f"/me/drafts/{draft['id']}"),
        bo.put(f"/me/drafts/{draft['id']}", {"title": "mine"}),
        bo.delete(f"/me/drafts/{draft['id']}"),
        bo.get(f"/notes/{draft['id']}"),
        api.get(f"/notes/{draft['id']}"),
    ):
        assert (response.status_code, response.json()["error"]) in (
            (404, "draft_not_found"),
            (404, "not_found"),
        )
    assert bo.get("/me/drafts").json() == []
    assert Note.objects.get(pk=draft["id"]).title == DRAFT["title"]
    assert api.get("/me/drafts").status_code == 401


def test_a_draft_is_nowhere_but_its_authors_drafts(make_user, post_note, api):
    anna_user, anna = make_user("anna")
    _bo, bo = make_user("bo")
    bo.post("/users/anna/follow")
    published = post_note(anna, "Zanzibar cloves at the market #zanzibarspice", title="Spice")
    draft = anna.post("/me/drafts", DRAFT).json()
    # No search document, meaning vector, tag or counter is ever made for a draft.
    assert not NoteDocument.objects.filter(note_id=draft["id"]).exists()
    assert not NoteVector.objects.filter(note_id=draft["id"]).exists()
    assert not NoteTag.objects.filter(note_id=draft["id"]).exists()
    anna_user.refresh_from_db()
    assert anna_user.note_count == 1
    for client in (anna, bo, api):
        assert draft["id"] not in _ids(client.get("/feeds/discover"))
        assert draft["id"] not in _ids(client.get("/users/anna/notes"))
        assert draft["id"] not in _ids(client.get("/tags/zanzibarspice/notes"))
        found = [n["id"] for n in client.get("/search", q="zanzibar cloves").json()["notes"]]
        assert draft["id"] not in found
        assert published["id"] in found
        similar = client.get(f"/notes/{published['id']}/similar").json()
        assert draft["id"] not in [n["id"] for n in similar["items"]]
        assert client.get("/users/anna").json()["note_count"] == 1
    assert draft["id"] not in _ids(bo.get("/feeds/following"))
    assert published["id"] in _ids(bo.get("/feeds/following"))
    # On the web: the author continues it in the compose form; anyone else finds nothing.
    web = Client()
    web.force_login(anna_user)
    assert web.get(f"/notes/{draft['id']}").url == f"/notes/new?draft={draft['id']}"
    assert "Zanzibar spice draft" in web.get("/drafts").content.decode()
    assert Client().get(f"/notes/{draft['id']}").status_code == 404
    assert "Zanzibar spice draft" not in Client().get("/@anna").content.decode()
