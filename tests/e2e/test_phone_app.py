"""Crossnote as an app on a phone (issue 13), in Chromium: sharing and its previews, Back
keeping your place in Discover, Discover never repeating a note in a session, the offline
page from the service worker, and axe-core finding no violations on the journeys' pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from crossnote.accounts.models import User
from crossnote.notes.models import Note
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 800}
AXE = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core 4.10.3, MPL-2.0


def log_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def many_notes(count: int) -> list[int]:
    """`count` public notes by `count` people (Discover shows one note per author a page),
    hottest first."""
    people = [
        User.objects.create(username=f"writer{i}", username_key=f"writer{i}") for i in range(count)
    ]
    notes = Note.objects.bulk_create(
        Note(
            author=person,
            title=f"Note number {i}",
            body="A walk by the river",
            state=Note.State.PUBLISHED,
            hot_score=100 - i,
            published_at=timezone.now(),
        )
        for i, person in enumerate(people)
    )
    return [n.pk for n in notes]


CARD_IDS = "[...document.querySelectorAll('#grid [data-note]')].map(c => +c.dataset.note)"


@pytest.fixture
def phone_without_bfcache(browser, live_server):
    """A phone-sized page in a Chromium without the back/forward cache, so Back reloads the
    page as it does on phones that evicted it, and the restoring script does the work. (A
    second browser from the shared Playwright: a second Playwright cannot run beside it.)"""
    other = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--disable-features=BackForwardCache"]
    )
    context = other.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    other.close()


def scroll_to_end(page, cards: int) -> None:
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(f"() => {CARD_IDS}.length >= {cards}")


def test_back_from_a_note_restores_discovers_cards_and_position(phone_without_bfcache):
    page = phone_without_bfcache
    ids = many_notes(70)
    page.goto("/")
    assert page.evaluate(CARD_IDS) == ids[:20]
    scroll_to_end(page, 40)
    loaded = page.evaluate(CARD_IDS)
    assert loaded == ids[:40]
    card = page.locator(f"#grid [data-note='{ids[31]}'] a.cover")
    card.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 100)")
    position = page.evaluate("window.scrollY")
    assert position > 2000
    card.click()
    page.wait_for_url(re.compile(rf"/notes/{ids[31]}$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/$"))
    page.wait_for_load_state("load")
    kind = page.evaluate("performance.getEntriesByType('navigation')[0].type")
    assert kind == "back_forward"  # a real reload from history, not the bfcache
    assert page.evaluate(CARD_IDS) == loaded
    assert abs(page.evaluate("window.scrollY") - position) <= 2
    # Scrolling on carries on from the restored end, without repeats.
    scroll_to_end(page, 60)
    shown = page.evaluate(CARD_IDS)
    assert len(shown) == len(set(shown)) == 60 and shown[:40] == loaded
    assert page.errors == []


def test_discover_never_shows_a_note_twice_in_a_session(phone_without_bfcache):
    page = phone_without_bfcache
    ids = many_notes(50)
    page.goto("/")
    scroll_to_end(page, 40)
    seen = set(page.evaluate(CARD_IDS))
    # A new visit to Discover (the tab bar) in the same tab: the 40 already shown are left
    # out; the first page of new ones comes in on its own.
    with page.expect_navigation():
        page.locator(".tabbar a[href='/']").click()
    page.wait_for_function(f"() => {CARD_IDS}.length >= 10 && !document.querySelector('.more')")
    again = page.evaluate(CARD_IDS)
    assert set(again) == set(ids) - seen and len(again) == 10
    # In a new session (a new tab has its own), Discover starts from the top again.
    fresh = page.context.new_page()
    fresh.goto("/")
    assert fresh.evaluate(CARD_IDS) == ids[:20]
    assert page.errors == []


def test_a_shared_public_note_previews_and_the_share_button_shares(open_page, make_user, post_note):
    _anna, anna = make_user("anna")
    note = post_note(anna, "Morning light over the river. " * 10, title="River walk")
    page = open_page(width=390, height=800)
    page.add_init_script(
        "navigator.share = (data) => { window.shared = data; return Promise.resolve(); };"
    )
    page.goto(f"/notes/{note['id']}")
    url = page.url
    tags = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('meta[property], meta[name]')]"
        ".map(m => [m.getAttribute('property') || m.name, m.content]))"
    )
    assert tags["og:title"] == "River walk" and tags["og:url"] == url
    assert tags["og:description"].startswith("Morning light over the river.")
    assert tags["twitter:card"] == "summary_large_image"
    image = page.request.get(tags["og:image"])
    assert image.status == 200 and image.headers["content-type"] == "image/webp"
    assert int(tags["og:image:width"]) > 0 and int(tags["og:image:height"]) > 0
    page.locator("[data-testid=share]").click()
    assert page.evaluate("window.shared") == {"title": "River walk", "url": url}
    assert page.errors == []


def test_without_the_web_share_api_the_link_is_copied(open_page, make_user, post_note):
    _anna, anna = make_user("anna")
    post_note(anna, "Tea #oolong", title="Tea")
    page = open_page(locale="zh-CN", width=390, height=800)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.add_init_script("delete Navigator.prototype.share;")
    page.goto("/tags/oolong")
    page.locator("[data-testid=share]").click()
    expect(page.locator("#flash")).to_have_text("链接已复制")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert page.errors == []


def test_a_non_public_note_previews_nothing_in_the_browser(open_page, make_user, post_note):
    make_user("anna")
    anna = User.objects.get(username="anna")
    note = Note.objects.create(
        author=anna, title="Secret", body="Only mine", state=Note.State.PUBLISHED
    )
    Note.objects.filter(pk=note.pk).update(visibility="followers")
    page = open_page(width=390, height=800)
    log_in(page, "anna")
    page.goto(f"/notes/{note.pk}")
    assert page.locator("meta[property^='og:'], meta[name^='twitter:']").count() == 0
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"


def test_offline_pages_show_the_offline_page_from_the_service_worker(open_page):
    page = open_page(width=390, height=800)
    page.goto("/")
    page.wait_for_function(
        "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
    )
    page.context.set_offline(True)
    page.goto("/trending")
    expect(page.locator("[data-testid=offline]")).to_be_visible()
    expect(page.locator("h1")).to_have_text("You are offline")
    # The shell came from the cache: the page is styled.
    assert page.evaluate("getComputedStyle(document.querySelector('.brand')).fontWeight") == "800"
    page.context.set_offline(False)
    page.locator("a.button.primary").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator(".tabbar").is_visible()
    assert page.errors == []


def axe_violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # through the DevTools protocol: CSP allows
    found = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' | ')))"
    )
    return found


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_nothing_on_the_journeys_pages(open_page, make_user, post_note, width):
    _anna, anna = make_user("anna", bio="Tea and trains")
    make_user("bo")
    note = post_note(anna, "Tea time #oolong", title="Tea", images_count=2)
    anna.post(f"/notes/{note['id']}/comments", {"body": "First!"})
    anna.call("POST", "/notes", data={"title": "", "body": "Where to eat?", "kind": "question"})
    page = open_page(width=width, height=800)
    signed_out = [
        "/",
        f"/notes/{note['id']}",
        "/@anna",
        "/tags/oolong",
        "/trending",
        "/newcomers",
        "/search?q=tea",
        "/login",
        "/signup",
        "/offline",
    ]
    signed_in = [
        "/",
        "/following",
        f"/notes/{note['id']}",
        "/notes/new",
        "/notes/new?kind=question",
        "/notifications",
        "/@bo",
        "/settings",
    ]
    problems = {}
    for path in signed_out:
        page.goto(path)
        problems[path] = axe_violations(page)
    log_in(page, "bo")
    for path in signed_in:
        page.goto(path)
        problems["signed in " + path] = axe_violations(page)
    assert {path: found for path, found in problems.items() if found} == {}
    assert page.errors == []
