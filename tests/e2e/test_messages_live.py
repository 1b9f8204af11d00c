"""Direct messages in two real browsers: a message sent in one appears in the other's open
conversation without a reload (over the live channel), and the inbox's unread badge follows.
Runs on whichever profile the suite runs (SQLite table, or Redis streams with REDIS_URL)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import sign_up

pytestmark = pytest.mark.django_db(transaction=True)


def test_messages_arrive_live_in_the_other_browser(open_page):
    ann = open_page()
    bad = []
    ann.on("response", lambda r: r.status >= 500 and bad.append((r.url, r.status)))
    sign_up(ann, "ann")
    bo = open_page()
    bo.on("response", lambda r: r.status >= 500 and bad.append((r.url, r.status)))
    sign_up(bo, "bo")
    bo.goto("/@ann")
    bo.locator("[data-testid=follow]").click()
    expect(bo.locator("[data-testid=follow]")).to_have_text("Following")

    # ann writes first from the inbox form (bo follows her: no request).
    ann.goto("/@bo")
    ann.get_by_role("link", name="Message", exact=True).click()
    ann.fill("#dm-first", "hello bo")
    ann.locator("form.dm-new button[type=submit]").click()
    ann.wait_for_url(re.compile(r"/messages/\d+$"))
    conversation = ann.url.split("/messages/")[1]

    # bo's inbox shows it; he opens the conversation and keeps it open.
    bo.goto("/messages")
    expect(bo.locator("#messages-link .badge")).to_have_text("1")
    bo.locator(f"a[href='/messages/{conversation}']").click()
    expect(bo.locator("#messages")).to_contain_text("hello bo")

    # A message from ann appears in bo's open page without a reload, and back.
    ann.fill("#dm-body", "are you free tonight?")
    ann.locator("#send button[type=submit]").click()
    expect(bo.locator("#messages")).to_contain_text("are you free tonight?")
    expect(ann.locator("#messages li.dm")).to_have_count(2)  # her own, once
    bo.fill("#dm-body", "yes! 火锅？")
    bo.locator("#send button[type=submit]").click()
    expect(ann.locator("#messages")).to_contain_text("yes! 火锅？")
    expect(bo.locator("#dm-body")).to_have_value("")

    # On the inbox, the badge and the list follow what arrives.
    bo.goto("/messages")
    expect(bo.locator("#messages-link .badge")).to_have_count(0)
    ann.fill("#dm-body", "see you at 7")
    ann.locator("#send button[type=submit]").click()
    expect(bo.locator("#messages-link .badge")).to_have_text("1")
    expect(bo.locator(".dm-list")).to_contain_text("see you at 7")
    assert bad == []
    assert ann.errors == [] and bo.errors == []
