"""Reported direct messages in real browsers: a member reports one message of a
conversation, a moderator finds it from the queue page, sees that message (its photo
loading for them) and nothing else of the conversation, and dismisses it without a reload."""

from __future__ import annotations

import re

import pytest
from django.test import testcases
from playwright.sync_api import expect

from tests.e2e.test_journeys import sign_up
from tests.e2e.test_moderation_journey import log_in, make_moderator

pytestmark = pytest.mark.django_db(transaction=True)

LOADED = "img => img.complete && img.naturalWidth > 0"


@pytest.fixture(autouse=True)
def _media_through_the_app(monkeypatch):
    """Photos go through crossnote.media.views (and so the access rule), as in production,
    not Django's live server's own /media/ handler."""
    monkeypatch.setattr(testcases._MediaFilesHandler, "_should_handle", lambda self, path: False)


def test_a_member_reports_a_message_and_a_moderator_dismisses_it(open_page, photo_files):
    ann = open_page()
    sign_up(ann, "ann")
    bo = open_page()
    sign_up(bo, "bo")
    bo.goto("/@ann")
    bo.locator("[data-testid=follow]").click()
    expect(bo.locator("[data-testid=follow]")).to_have_text("Following")

    # ann writes bo: a friendly message, then a nasty one with a photo.
    ann.goto("/@bo")
    ann.get_by_role("link", name="Message", exact=True).click()
    ann.fill("#dm-first", "hello bo, lunch on friday?")
    ann.locator("form.dm-new button[type=submit]").click()
    ann.wait_for_url(re.compile(r"/messages/\d+$"))
    conversation = ann.url.split("/messages/")[1]
    ann.fill("#dm-body", "you are awful and everyone knows it")
    ann.set_input_files("#send input[name=photo]", photo_files[:1])
    ann.locator("#send button[type=submit]").click()
    expect(ann.locator("#messages li.dm")).to_have_count(2)

    # bo reports the nasty one, and only that one.
    bo.goto(f"/messages/{conversation}")
    nasty = bo.locator("#messages li.dm", has_text="you are awful")
    nasty.locator("details.dm-report summary").click()
    nasty.locator("select[name=reason]").select_option("harassment")
    nasty.locator("details.dm-report button[type=submit]").click()
    bo.wait_for_url("**/messages")

    make_moderator("mod")
    moderator = open_page()
    log_in(moderator, "mod")
    moderator.locator("footer a[href='/moderation']").click()
    moderator.wait_for_url("**/moderation")
    tab = moderator.locator("[data-testid=message-reports-tab]")
    expect(tab).to_have_text("Messages (1)")
    tab.click()
    moderator.wait_for_url("**/moderation/messages")
    report = moderator.locator("[data-testid=message-report]")
    expect(report).to_have_count(1)
    text = report.inner_text()
    assert "Harassment or bullying" in text and "reported by @bo" in text
    assert "you are awful and everyone knows it" in text and "@ann" in text
    assert "lunch on friday" not in moderator.content()
    photo = report.locator("img.dm-photo")
    moderator.wait_for_function(f"({LOADED})(document.querySelector('img.dm-photo'))")
    src = photo.get_attribute("src")
    assert src and src.startswith("/media/")
    assert moderator.request.get(src).status == 200
    stranger = open_page()
    sign_up(stranger, "cy")
    assert stranger.request.get(src).status == 404

    # Dismissed in place (htmx), then gone from the open list.
    moderator.evaluate("window.stillHere = true")
    report.locator("[data-testid=dismiss-message-report]").click()
    expect(report.locator("[role=status]")).to_have_text("Dismissed")
    assert moderator.evaluate("window.stillHere") is True
    moderator.reload()
    expect(moderator.locator("main")).to_contain_text("No open reports of messages.")
    expect(moderator.locator("[data-testid=message-reports-tab]")).to_have_text("Messages (0)")
    assert ann.errors == [] and bo.errors == [] and moderator.errors == []
