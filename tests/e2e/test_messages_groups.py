"""Direct messages in two real browsers: "Seen" appears under one's message when the other
person opens the conversation, without a reload; a member is added to a group from its
members panel, and the other member's open page shows them (over the live channel)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import sign_up

pytestmark = pytest.mark.django_db(transaction=True)
LIVE = 10_000  # ms: what arrives over the live channel, on a machine that may be busy


def _start(page, to: str, body: str, title: str = "") -> str:
    page.goto("/messages")
    page.fill("#dm-to", to)
    if title:
        page.fill("#dm-title", title)
    page.fill("#dm-first", body)
    page.locator("form.dm-new button[type=submit]").click()
    page.wait_for_url(re.compile(r"/messages/\d+$"))
    return page.url.split("/messages/")[1]


def test_seen_appears_live_and_a_member_is_added_from_the_panel(open_page):
    from crossnote.accounts.models import User
    from crossnote.messaging.actions import check_start

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
    for name in ("cy", "dee"):
        User.objects.create_user(username=name, password="not used here 1")

    # ann writes and stays on the conversation: nothing is seen yet.
    conversation = _start(ann, "bo", "hello bo")
    expect(ann.locator("#messages")).to_contain_text("hello bo")
    expect(ann.locator("#seen")).to_have_count(0)
    # bo opens it; ann's page says "Seen" under her message, without a reload.
    bo.goto(f"/messages/{conversation}")
    expect(bo.locator("#messages")).to_contain_text("hello bo")
    expect(ann.locator("#seen")).to_have_text("Seen", timeout=LIVE)
    expect(ann.locator("#messages li.dm.mine + #seen")).to_have_count(1)

    # A group (started here, not from the inbox: the inbox page refreshing itself while the
    # form posts can find SQLite's shared test database locked on a busy machine): ann
    # adds dee from the members panel; bo's open page shows her.
    group = check_start(
        User.objects.get(username="ann"),
        list(User.objects.filter(username__in=["bo", "cy"])),
        title="Trip",
    ).pk
    ann.goto(f"/messages/{group}")
    bo.goto(f"/messages/{group}")
    expect(bo.locator("#members")).to_contain_text("@cy")
    ann.fill("#add-members", "@dee")
    ann.locator("#members form.dm-add button[type=submit]").click()
    expect(ann.locator("#members")).to_contain_text("@dee")
    expect(ann.locator("#members")).to_contain_text("invited")
    expect(bo.locator("#members")).to_contain_text("@dee", timeout=LIVE)
    # ann removes cy (she started the group): gone from both pages.
    dialogs = []
    ann.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    ann.get_by_role("button", name="Remove @cy").click()
    expect(ann.locator("#members")).not_to_contain_text("@cy")
    expect(bo.locator("#members")).not_to_contain_text("@cy", timeout=LIVE)
    assert dialogs == ["Remove cy from this group? They will no longer see its messages."]
    assert bad == []
    assert ann.errors == [] and bo.errors == []
