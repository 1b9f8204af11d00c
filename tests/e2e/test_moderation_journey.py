"""The moderation journey in the browser, in English and in Chinese: a member reports a note,
a moderator acts on it from the queue page (and reviews a hashtag before it may trend), the
audit log shows it, and the author is told why, in their language."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from playwright.sync_api import expect

from crossnote.accounts.models import User
from crossnote.moderation.actions import do_save_site_settings
from crossnote.moderation.models import ModerationAction
from crossnote.moderation.queries import site_settings
from tests.conftest import PASSWORD
from tests.e2e.test_journeys import post_note_with_two_photos, sign_up, t

pytestmark = pytest.mark.django_db(transaction=True)

NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def said(page_text: str, language: str, *messages: str) -> None:
    """Each message is on the page in `language`, and (in Chinese) not in English."""
    for message in messages:
        assert t(language, message) in page_text, message
        if language != "en":
            assert message not in page_text, f"untranslated: {message!r}"


def log_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def make_moderator(username: str) -> None:
    user = User.objects.create_user(username=username, password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="moderate"))


def require_trending_review() -> None:
    row = site_settings()
    row.hashtags_need_review = True
    with transaction.atomic():  # commits here (a transactional test), then forgets the cache
        do_save_site_settings(row)


def report_the_note(reader, language: str, note_id: int, why: str) -> None:
    reader.goto(f"/notes/{note_id}")
    menu = reader.locator("details.report-menu")
    menu.locator("summary").click()
    said(menu.inner_text(), language, "What is wrong?", "Tell the moderators more (optional)")
    menu.locator("select[name=reason]").select_option("spam")
    menu.locator("textarea[name=text]").fill(why)
    menu.locator("[data-testid=send-report]").click()
    reader.wait_for_url(f"**/notes/{note_id}")
    said(
        reader.locator("#flash").inner_text(),
        language,
        "Thank you. Moderators will look at your report.",
    )


def review_a_hashtag(moderator, language: str) -> None:
    """#TikTokRefugee is approved for trending (with htmx, no reload); #上海Coffee waits."""
    section = moderator.locator("main").inner_text()
    said(section, language, "Hashtags waiting to trend")
    rows = moderator.locator("[data-testid=tag-review]")
    expect(rows).to_have_count(2)
    row = rows.filter(has_text="#TikTokRefugee")
    row.locator("input[name=reason]").fill("旅行话题，没问题 / fine")
    moderator.evaluate("window.stillHere = true")
    row.locator("[data-testid=approve-tag]").click()
    approved = moderator.locator("[data-testid=tag-review]", has_text="#TikTokRefugee")
    expect(approved.locator("strong")).to_have_text(t(language, "Approved for trending"))
    assert moderator.evaluate("window.stillHere") is True


def journey(open_page, photo_files, language: str, locale: str, kind: str) -> None:
    author = open_page(locale)
    sign_up(author, "anna")
    note_id = post_note_with_two_photos(author, photo_files, "Free followers")
    make_moderator("mod")
    if kind == "suspend":
        require_trending_review()

    reader = open_page(locale)
    sign_up(reader, "bo")
    why = "这是垃圾广告 — spam link in the photos"
    report_the_note(reader, language, note_id, why)

    moderator = open_page(locale)
    log_in(moderator, "mod")
    moderator.locator("footer a[href='/moderation']").click()
    moderator.wait_for_url("**/moderation")
    report = moderator.locator("li.report")
    expect(report).to_have_count(1)
    text = report.inner_text()
    said(text, language, "Spam or scam", "Note:", "Action", "Reason (the person will read it)")
    assert t(language, "@%(who)s reported @%(about)s") % {"who": "bo", "about": "anna"} in text
    assert why in text and "Free followers" in text
    options = report.locator("select[name=kind] option").all_inner_texts()
    said(" ".join(options), language, "Hide the note", "Warn", "Suspend", "Dismiss the report")
    assert t(language, "Approve the hashtag for trending") not in options  # no report action

    if kind == "suspend":
        review_a_hashtag(moderator, language)

    reason = {"hide": "Spam is not allowed here.", "suspend": "不要发垃圾广告。"}[kind]
    report.locator("select[name=kind]").select_option(kind)
    if kind == "suspend":
        report.locator("input[name=days]").fill("7")
    report.locator("input[name=reason]").fill(reason)
    report.locator("button[type=submit]").click()
    moderator.wait_for_url("**/moderation")
    page = moderator.locator("main").inner_text()
    said(moderator.locator("#flash").inner_text(), language, "Done. The person has been told why.")
    said(page, language, "No open reports.", "Audit log")
    label = {"hide": "Hide the note", "suspend": "Suspend"}[kind]
    entry = moderator.locator("ol.audit li").first.inner_text()
    said(entry, language, label)
    assert "@mod" in entry and "@anna" in entry and reason in entry
    if kind == "suspend":
        approval = moderator.locator("ol.audit li").nth(1).inner_text()
        said(approval, language, "Approve the hashtag for trending")
        assert "#TikTokRefugee" in approval and "@mod" in approval

    author = open_page(locale)  # the author comes back later, on another device
    log_in(author, "anna")
    expect(author.locator("nav .bell .badge")).to_have_text("1")
    author.locator("nav .bell").click()
    notice = author.locator(".notification").first.inner_text()
    said(notice, language, "(moderator)")
    action = t(language, label)
    if kind == "suspend":  # the person is told until when
        until = ModerationAction.objects.get(kind="suspend").until
        date = until.strftime("%Y-%m-%d %H:%M UTC")
        action = t(language, "%(action)s until %(date)s") % {"action": action, "date": date}
    assert t(language, "%(action)s: %(reason)s") % {"action": action, "reason": reason} in notice

    reader.goto(f"/notes/{note_id}")
    if kind == "hide":  # gone for everyone else; its author still sees it
        assert reader.locator("main").inner_text().strip() != ""
        said(
            reader.locator("main").inner_text(),
            language,
            "We could not find that. It may have been deleted or made private.",
        )
        reader.errors.remove(NOT_FOUND)
        reader.goto("/@anna")
        assert reader.locator(f"a[href='/notes/{note_id}']").count() == 0
    else:  # a suspension leaves the note up, and the trending list shows only approved tags
        expect(reader.locator("h1")).to_contain_text("Free followers")
        reader.goto("/trending")
        trending = reader.locator("main").inner_text()
        assert "#TikTokRefugee" in trending and "上海Coffee" not in trending
    assert author.errors == [] and reader.errors == [] and moderator.errors == []


def test_moderation_journey_in_english(open_page, photo_files):
    journey(open_page, photo_files, "en", "en-US", "hide")


def test_moderation_journey_in_the_chinese_ui(open_page, photo_files):
    journey(open_page, photo_files, "zh-hans", "zh-CN", "suspend")
