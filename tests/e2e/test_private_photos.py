"""A followers-only note's photos, in a real browser: they load for a follower (by the session
cookie the browser sends with every image request) and nobody else can fetch them."""

from __future__ import annotations

import re

import pytest
from django.test import testcases
from playwright.sync_api import expect

from tests.e2e.test_journeys import sign_up

pytestmark = pytest.mark.django_db(transaction=True)

LOADED = "img => img.complete && img.naturalWidth > 0"


@pytest.fixture(autouse=True)
def _media_through_the_app(monkeypatch):
    """Django's live server answers /media/ from disk itself, before any view runs (its
    `_MediaFilesHandler`); production sends it to crossnote.media.views. Do that here."""
    monkeypatch.setattr(testcases._MediaFilesHandler, "_should_handle", lambda self, path: False)


def test_followers_photos_load_for_a_follower_and_nobody_else(open_page, photo_files):
    # Everything in a browser: sign-ups, the compose form, the follow button.
    author = open_page()
    sign_up(author, "anna")
    author.goto("/notes/new")
    author.set_input_files("#images", photo_files)
    author.fill("#title", "For friends")
    author.fill("#body", "Only my followers see this")
    author.select_option("#visibility", "followers")
    author.locator("form[data-compose] button[type=submit]").click()
    author.wait_for_url(re.compile(r"/notes/\d+$"), timeout=60_000)  # photos are made first
    note_path = author.url.removeprefix(author.url.split("/notes/")[0])
    first = author.locator(".slides img").first
    first.wait_for()
    assert first.evaluate(LOADED)
    src = first.get_attribute("src")
    assert src and src.startswith("/media/photos/")

    reader = open_page()
    sign_up(reader, "bo")
    reader.goto("/@anna")
    reader.locator("[data-testid=follow]").click()
    expect(reader.locator("[data-testid=follow]")).to_have_text("Following")
    reader.goto(note_path)
    reader.locator(".slides img").first.wait_for()
    reader.wait_for_function(f"({LOADED})(document.querySelector('.slides img'))")
    assert reader.request.get(src).status == 200

    stranger = open_page()
    sign_up(stranger, "cy")
    assert stranger.request.get(src).status == 404
    assert open_page().request.get(src).status == 404  # logged out
