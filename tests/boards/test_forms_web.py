"""Refused forms show every problem at once, beside each field and in a summary, with what
was typed kept; compose drafts are saved on the server and discarded once published."""

from __future__ import annotations

import pytest
from django.test import Client

from crossnote.notes.models import Note
from tests import images
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_signup_shows_every_error_at_once_and_keeps_fields(client, make_user):
    make_user("anna")
    response = client.post(
        "/signup",
        {
            "username": "Anna",
            "password": "123",
            "email": "not an email",
            "display_name": "Anna L",
            "languages": ["en", "xx-nonsense"],
        },
    )
    page = response.content.decode()
    assert response.status_code == 409  # the first problem's status, as before
    assert "data-form-errors" in page
    for message in ("That username is taken.", "That is not a valid email address."):
        assert page.count(message) == 2  # beside the field and in the summary
    assert "Please fix these 4 things:" in page  # username, password, languages, email
    assert 'value="Anna L"' in page and 'value="not an email"' in page
    assert 'value="en" checked' in page
    assert not Note.objects.exists()


def test_signup_with_one_problem_still_says_it(client):
    response = client.post("/signup", {"username": "bo", "password": PASSWORD, "email": "x@"})
    assert response.status_code == 400
    assert "That is not a valid email address." in response.content.decode()


def test_compose_shows_every_error_at_once(make_user):
    anna, _ = make_user("anna")
    client = Client()
    client.force_login(anna)
    response = client.post(
        "/notes/new",
        {"title": "标题" * 15, "body": "", "topic": "nope", "visibility": "public", "kind": "note"},
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "data-form-errors" in page
    for message in (
        "A title can be at most 20 Chinese characters or 40 Latin letters long.",
        "Choose one of the topics.",
        "Add at least one photo.",
    ):
        assert message in page
    assert "标题" * 15 in page  # kept
    assert not Note.objects.exists()


def test_save_draft_then_publish_it(make_user):
    anna, _ = make_user("anna")
    client = Client()
    client.force_login(anna)
    saved = client.post(
        "/drafts/save",
        {"title": "Half", "body": "written", "topic": "food", "visibility": "public"},
        HTTP_ACCEPT="application/json",
    ).json()
    draft = Note.objects.get(pk=saved["id"], state=Note.State.DRAFT)
    page = client.get(f"/notes/new?draft={draft.pk}").content.decode()
    assert 'value="Half"' in page and f'name="draft_id" value="{draft.pk}"' in page
    again = client.post(
        "/drafts/save",
        {"draft_id": draft.pk, "title": "Half done", "body": "written", "topic": "food"},
        HTTP_ACCEPT="application/json",
    ).json()
    assert again["id"] == draft.pk
    empty = client.post("/drafts/save", {"title": " "}, HTTP_ACCEPT="application/json")
    assert (empty.status_code, empty.json()["error"]) == (400, "empty_draft")
    # Without scripts: back to the form holding the draft.
    plain = client.post("/drafts/save", {"draft_id": draft.pk, "title": "Half done"})
    assert plain.url == f"/notes/new?draft={draft.pk}"
    photo = images.upload(images.jpeg(), "p.jpg")
    published = client.post(
        "/notes/new",
        {
            "title": "Half done",
            "body": "written",
            "topic": "food",
            "visibility": "public",
            "kind": "note",
            "form_token": "t" * 24,
            "draft_id": draft.pk,
            "images": [photo],
        },
        **HTMX,
    )
    assert published.status_code == 204
    assert not Note.objects.filter(pk=draft.pk).exists()
    assert Note.objects.filter(title="Half done").exclude(state=Note.State.DRAFT).count() == 1


def test_someone_elses_draft_cannot_be_opened_saved_over_or_deleted(make_user):
    anna, _ = make_user("anna")
    bo, _ = make_user("bo")
    client = Client()
    client.force_login(anna)
    saved = client.post("/drafts/save", {"title": "Mine"}, HTTP_ACCEPT="application/json").json()
    other = Client()
    other.force_login(bo)
    assert other.get(f"/notes/new?draft={saved['id']}").status_code == 404
    assert other.get("/notes/new?draft=abc").status_code == 404
    over = other.post(
        "/drafts/save", {"draft_id": saved["id"], "title": "x"}, HTTP_ACCEPT="application/json"
    )
    assert over.status_code == 404
    assert other.post(f"/drafts/{saved['id']}/delete").status_code == 404
    assert Note.objects.get(pk=saved["id"]).title == "Mine"
    assert "Mine" not in other.get("/drafts").content.decode()
