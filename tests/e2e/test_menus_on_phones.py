"""Menu panels (the report forms on notes, comments and profiles) stay on a 390px screen."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# Elements in a closed <details> still have boxes in Chromium: only count what is shown.
RIGHTMOST = (
    "Math.max(...[...document.querySelectorAll('main *')].filter(e => e.checkVisibility())"
    ".map(e => e.getBoundingClientRect().right))"
)


def test_report_menus_stay_on_a_phone_screen(open_page, make_user, post_note):
    _sam, sam = make_user("sam")
    make_user("cy")
    _anna, anna = make_user("anna")
    note = post_note(anna, "A walk by the river " * 5)["id"]
    comment = sam.post(f"/notes/{note}/comments", {"body": "rude words"}).json()["id"]
    sam.post(f"/notes/{note}/comments", {"body": "a reply", "parent_id": comment})
    page = open_page(width=390, height=800)
    page.goto("/login")
    page.fill("#username", "cy")
    page.fill("#password", PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url("**/")
    page.goto(f"/notes/{note}")
    menus = [page.locator("details.report-menu")] + [
        page.locator("details.comment-report").nth(i) for i in range(2)
    ]
    for menu in menus:
        menu.locator("summary").click()
        assert menu.locator(".menu-items").is_visible()
        assert page.evaluate(RIGHTMOST) <= 390
        menu.locator("summary").click()
    page.goto("/@sam")
    page.locator(".profile-actions > details.menu > summary").click()
    page.locator("details.report-menu summary").click()
    assert page.locator("details.report-menu .menu-items").is_visible()
    assert page.evaluate(RIGHTMOST) <= 390
    assert page.errors == []


def test_compose_pages_do_not_scroll_sideways_on_a_phone(open_page, make_user):
    make_user("cy")
    page = open_page(width=390, height=800)
    page.goto("/login")
    page.fill("#username", "cy")
    page.fill("#password", PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url("**/")
    for path in ("/notes/new", "/notes/new?kind=question", "/welcome", "/settings"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    assert page.errors == []
