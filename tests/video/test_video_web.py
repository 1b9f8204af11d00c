"""The web pages: video cards, the note's player, watch mode, and composing with a video."""

from __future__ import annotations

import re

from django.test import Client, TestCase

from crossnote.notes.models import Note
from tests.video.conftest import Tus


def _video_note(client, clip, title: str, **fields) -> int:
    location = Tus(client).upload(clip())
    data = {"title": title, "video_upload": location, **fields}
    response = client.call("POST", "/notes", data=data)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_cards_and_note_page_show_the_video(make_user, clip):
    _anna, client = make_user("anna")
    note_id = _video_note(client, clip, "Noodles")
    browser = Client()
    profile = browser.get("/@anna").content.decode()
    card = re.search(r"<video class=\"card-video\"[^>]*>", profile).group()
    assert "data-autoplay" in card and "muted" in card and 'poster="/media/videos/' in card
    assert "▶ 0:01" in profile
    page = browser.get(f"/notes/{note_id}").content.decode()
    assert re.search(r"<video controls[^>]*poster=\"/media/videos/", page)
    assert f'href="/watch/{note_id}"' in page


def test_watch_mode_goes_from_one_video_note_to_the_next(make_user, clip):
    _anna, client = make_user("anna")
    first = _video_note(client, clip, "First")
    second = _video_note(client, clip, "Second")
    hidden = _video_note(client, clip, "Mine only", visibility="private")
    browser = Client()
    start = browser.get("/watch")
    assert start.status_code == 302 and start["Location"] == f"/watch/{second}"
    page = browser.get(f"/watch/{second}").content.decode()
    assert f'data-next="/watch/{first}"' in page and "data-prev" not in page
    page = browser.get(f"/watch/{first}").content.decode()
    assert f'data-prev="/watch/{second}"' in page and "data-next" not in page
    assert browser.get(f"/watch/{hidden}").status_code == 404  # not for strangers


def test_a_photo_note_has_no_watch_page(make_user, post_note):
    _anna, client = make_user("anna")
    note = post_note(client)
    assert Client().get(f"/watch/{note['id']}").status_code == 404


def test_the_compose_form_posts_a_finished_upload(make_user, clip):
    anna, client = make_user("anna")
    location = Tus(client).upload(clip())
    browser = Client()
    browser.force_login(anna)
    form = browser.get("/notes/new").content.decode()
    assert "data-video-file" in form and 'name="video_upload"' in form
    token = re.search(r'name="form_token" value="([^"]+)"', form).group(1)
    data = {"title": "From the web", "video_upload": location, "form_token": token}
    data.update(topic="food", kind="note", visibility="public")
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker's part, in-process
        answer = browser.post("/notes/new", data)
    assert answer.status_code in (302, 303), answer.content[:500]
    note = Note.objects.get()
    assert note.video_id and note.state == Note.State.PUBLISHED
    assert browser.post("/notes/new", data).status_code in (302, 303)  # sent twice: one note
    assert Note.objects.count() == 1


def test_a_refused_video_is_shown_beside_the_video_field(make_user):
    anna, client = make_user("anna")
    location = Tus(client).upload(b"not a video at all")
    browser = Client()
    browser.force_login(anna)
    form = browser.get("/notes/new").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', form).group(1)
    data = {"title": "Oops", "video_upload": location, "form_token": token, "kind": "note"}
    data.update(topic="food", visibility="public")
    page = browser.post("/notes/new", data).content.decode()
    error = re.search(r'<p class="field-error" id="video-error">([^<]*)</p>', page).group(1)
    assert "not a video" in error
    assert not Note.objects.exists()
