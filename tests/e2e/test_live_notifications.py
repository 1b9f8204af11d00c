"""A notification arriving live, in a real browser: the page stays open (no reload) while
another person likes the note through the API, and the bell's count changes; on the
notifications page the grouped line appears. Runs on whichever profile the suite runs on
(the table backend on SQLite, Redis streams and pub/sub with REDIS_URL)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import images
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _api_signup(request, username: str) -> str:
    response = request.post(
        "/api/v1/auth/signup", data={"username": username, "password": PASSWORD}
    )
    assert response.status == 201, response.text()
    return response.json()["token"]


def test_the_bell_and_the_list_change_without_a_reload(open_page):
    api = open_page().request  # a context of its own: no cookies, tokens only
    anna_token = _api_signup(api, "anna")
    bo_token = _api_signup(api, "bo")
    cy_token = _api_signup(api, "cy")
    note = api.post(
        "/api/v1/notes",
        headers={"Authorization": f"Bearer {anna_token}"},
        multipart={
            "title": "Morning walk",
            "body": "Along the river",
            "images": {"name": "a.jpg", "mimeType": "image/jpeg", "buffer": images.jpeg()},
        },
        timeout=60_000,  # the photo is made first
    )
    assert note.status == 201, note.text()
    note_id = note.json()["id"]

    page = open_page()
    page.goto("/login")
    page.fill("#username", "anna")
    page.fill("#password", PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/(welcome)?$"))
    page.goto(f"/notes/{note_id}")
    expect(page.locator("body")).to_have_attribute("data-live-state", "open")
    assert page.locator("#bell .badge").count() == 0
    page.evaluate("window.stillTheSamePage = true")

    liked = api.post(
        f"/api/v1/notes/{note_id}/like", headers={"Authorization": f"Bearer {bo_token}"}
    )
    assert liked.status == 200
    expect(page.locator("#bell .badge")).to_have_text("1")
    # The phone's bottom tab bar shows the same count.
    expect(page.locator("#tab-notifications .badge")).to_have_text("1")
    assert page.evaluate("window.stillTheSamePage") is True  # no reload happened
    expect(page.locator("#bell")).not_to_have_attribute("aria-current", "page")

    # On the list, the second like joins the first as one line, and is read at once.
    page.locator("#bell").click()
    page.wait_for_url(re.compile(r"/notifications$"))
    expect(page.locator("body")).to_have_attribute("data-live-state", "open")
    expect(page.locator("#notification-list li.notification")).to_have_count(1)
    page.evaluate("window.stillTheSamePage = true")
    api.post(f"/api/v1/notes/{note_id}/like", headers={"Authorization": f"Bearer {cy_token}"})
    expect(page.locator("#notification-list li.notification").first).to_contain_text(
        "cy and 1 other liked your note"
    )
    expect(page.locator("#bell .badge")).to_have_count(0)  # opening the list read it
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.errors == []
