"""The main journeys, as people do them, in English, in Chinese, and on a phone."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from crossnote.notes.models import Note
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def t(language: str, text: str, context: str | None = None) -> str:
    """What the UI says for `text` in `language`."""
    with translation.override(language):
        return translation.pgettext(context, text) if context else translation.gettext(text)


def sign_up(page, username: str) -> None:
    page.goto("/signup")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.check("input[name=languages][value=en]")
    page.locator("form[action='/signup'] button[type=submit]").click()
    # A new member passes the welcome steps, accepting the guidelines, then goes on.
    page.wait_for_url(re.compile(r"/welcome$"))
    page.check("input[name=accept_guidelines]")
    page.locator("button[form=welcome-form]").click()
    page.wait_for_url(re.compile(r"/newcomers$"))


def post_note_with_two_photos(page, photos: list[str], title: str) -> int:
    page.goto("/notes/new")
    page.set_input_files("#images", photos)
    assert page.locator("[data-previews] figure").count() == 2
    page.locator("[data-previews] input[name=alt_text]").first.fill("A red square")
    page.fill("#title", title)
    assert page.locator("[data-title-counter]").inner_text().endswith("/20")
    page.fill("#body", "First note here #TikTokRefugee #上海Coffee")
    page.select_option("#topic", "travel")
    page.locator("form[data-compose] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/notes/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def journey(open_page, photo_files, language: str, locale: str) -> None:
    author = open_page(locale)
    sign_up(author, "anna")
    note_id = post_note_with_two_photos(author, photo_files, "My first note")
    assert Note.objects.get(pk=note_id).state == Note.State.PUBLISHED
    assert author.locator(".slides img").count() == 2

    reader = open_page(locale)
    sign_up(reader, "bo")
    reader.goto("/@anna")
    reader.locator("[data-testid=follow]").click()
    expect(reader.locator("[data-testid=follow]")).to_have_text(
        t(language, "Following", "follow button: you follow them")
    )

    reader.goto("/following")
    reader.locator(f"a.card-title[href='/notes/{note_id}']").click()
    reader.wait_for_url(f"**/notes/{note_id}")
    reader.evaluate("window.stillHere = true")  # gone if anything reloads the page

    reader.locator("[data-testid=like]").click()
    reader.wait_for_selector("[data-testid=like][aria-pressed=true]")
    reader.locator("summary[data-testid=collect]").click()
    reader.locator("#collect-box form button[name=board]").first.click()
    reader.wait_for_selector("button[data-testid=collect][aria-pressed=true]")
    reader.fill("#comment-body", "Welcome! 欢迎")
    reader.locator("#comment-form button[type=submit]").click()
    reader.wait_for_selector("#comment-list .comment-body:has-text('Welcome! 欢迎')")
    assert reader.evaluate("window.stillHere") is True
    assert reader.input_value("#comment-body") == ""

    author.goto("/notifications")
    text = author.locator(".notifications").inner_text()
    for kind in (
        "started following you",
        "liked your note",
        "collected your note",
        "commented on your note",
    ):
        assert t(language, kind) in text
    assert author.errors == [] and reader.errors == []


def test_journey_in_english(open_page, photo_files):
    journey(open_page, photo_files, "en", "en-US")


def test_journey_in_the_chinese_ui(open_page, photo_files):
    page = open_page("zh-CN")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert t("zh-hans", "Discover") in page.locator("nav.nav").inner_text()
    journey(open_page, photo_files, "zh-hans", "zh-CN")


def test_phone_discover_and_note_detail(open_page, photo_files):
    author = open_page("en-US")
    sign_up(author, "anna")
    note_id = post_note_with_two_photos(author, photo_files, "Swipe me")

    phone = open_page("en-US", width=375, height=812)
    phone.goto("/")
    columns = phone.evaluate("getComputedStyle(document.querySelector('.grid')).columnCount")
    assert columns == "2"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # nothing spills sideways
    phone.locator(f"a.card-title[href='/notes/{note_id}']").click()
    phone.wait_for_url(f"**/notes/{note_id}")
    dots = phone.locator(".dots a")
    assert dots.nth(0).get_attribute("aria-current") == "true"
    phone.locator(".slides").focus()
    phone.keyboard.press("ArrowRight")
    expect(dots.nth(1)).to_have_attribute("aria-current", "true")
    phone.locator("[data-prev]").click()
    expect(dots.nth(0)).to_have_attribute("aria-current", "true")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert phone.errors == []


def test_compose_previews_reorder_remove_count_and_errors(open_page, photo_files, tmp_path):
    from tests import images

    third = tmp_path / "photo2.jpg"
    third.write_bytes(images.jpeg(size=(500, 500), color=(20, 160, 60)))
    page = open_page("zh-CN")
    sign_up(page, "anna")
    page.goto("/notes/new")
    page.set_input_files("#images", [*photo_files, str(third)])
    previews = page.locator("[data-previews] figure")
    expect(previews).to_have_count(3)
    first_src = previews.nth(0).locator("img").get_attribute("src")
    previews.nth(0).locator("[data-move='1']").click()
    assert previews.nth(1).locator("img").get_attribute("src") == first_src
    previews.nth(2).locator("[data-remove]").click()
    expect(previews).to_have_count(2)

    page.fill("#title", "上海咖啡 Coffee")
    expect(page.locator("[data-title-counter]")).to_have_text("7.5/20")
    page.fill("#title", "上" * 21)
    expect(page.locator("[data-title-counter]")).to_have_class(re.compile("over"))
    page.locator("form[data-compose] button[type=submit]").click()
    expect(page.locator("#title-error")).to_have_text(
        t("zh-hans", "A title can be at most 20 Chinese characters or 40 Latin letters long.")
    )
    expect(page.locator("[data-previews] figure")).to_have_count(2)  # the photos survive the error
    page.errors.remove(
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    )

    page.fill("#title", "上海咖啡")
    page.locator("form[data-compose] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/notes/\d+$"))
    note = Note.objects.get()
    assert note.images.count() == 2
    assert page.errors == []
