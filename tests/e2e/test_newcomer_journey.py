"""A newcomer's first hour, in the browser: the welcome steps (languages, topics, following a
suggested guide, accepting the guidelines), the newcomer hub, asking a local a question, and
a guide answering it from the Chinese UI, with the answer highlighted for the newcomer."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from playwright.sync_api import expect

from crossnote.accounts.actions import check_signup
from crossnote.accounts.models import User
from crossnote.guides.actions import check_guide_pairs
from crossnote.notes.actions import Upload, check_create_note
from crossnote.notes.models import Note
from tests import images
from tests.conftest import PASSWORD
from tests.e2e.test_journeys import t
from tests.e2e.test_moderation_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True)

BAD_REQUEST = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


def _local_guide() -> tuple[User, Note]:
    """Mei, a Shanghai local who guides English speakers, with one guide note."""
    mei = check_signup("mei", PASSWORD, "梅子 Mei", ["zh-hans", "en"])
    check_guide_pairs(mei, ["en-zh"])
    data = images.jpeg(size=(600, 800), color=(30, 120, 90))
    note = check_create_note(
        mei,
        title="Metro guide 地铁攻略",
        body="Scan the Alipay transport code to ride the metro. 用支付宝乘车码进站。",
        topic="travel",
        kind="guide",
        images=[Upload(BytesIO(data), len(data))],
    )
    return mei, note


def test_a_newcomer_is_welcomed_asks_a_local_and_a_guide_answers(open_page):
    _mei, guide_note = _local_guide()
    sam = open_page("en-US")
    sam.goto("/signup")
    sam.fill("#username", "sam")
    sam.fill("#password", PASSWORD)
    sam.locator("form[action='/signup'] button[type=submit]").click()
    sam.wait_for_url(re.compile(r"/welcome"))

    # The welcome steps: refused until the guidelines are accepted, nothing lost.
    sam.check("input[name=languages][value=en]")
    sam.locator("label.chip:has(input[value=pets])").click()
    suggestion = sam.locator(".suggestions .person:has(a[href='/@mei'])")
    expect(suggestion.locator(".label.guide")).to_have_text("Guide")
    suggestion.locator("[data-testid=follow]").click()
    expect(suggestion.locator("[data-testid=follow]")).to_have_text(
        t("en", "Following", "follow button: you follow them")
    )
    sam.locator("button[form=welcome-form]").click()
    expect(sam.locator("#welcome-error")).to_contain_text("accept them to continue")
    assert sam.locator("input[name=interests][value=pets]").is_checked()
    assert sam.errors == [BAD_REQUEST]  # the browser logs the refused form's 400
    sam.errors.clear()
    sam.check("input[name=accept_guidelines]")
    sam.locator("button[form=welcome-form]").click()
    sam.wait_for_url(re.compile(r"/newcomers$"))
    person = User.objects.get(username="sam")
    assert person.interests == ["pets"] and person.guidelines_accepted_at is not None

    # The hub lists the guide's note; from there, ask a local (no photos needed).
    sam.goto("/newcomers")
    expect(sam.locator(f".card a.card-title[href='/notes/{guide_note.pk}']")).to_be_visible()
    sam.locator("a.button:has-text('Ask a local')").click()
    expect(sam.locator("#kind")).to_have_value("question")
    sam.fill("#title", "Tipping in restaurants?")
    sam.fill("#body", "Do people tip in restaurants in Shanghai? I don't want to be rude.")
    sam.locator("#compose button[type=submit]").click()
    sam.wait_for_url(re.compile(r"/notes/\d+$"))
    question_id = int(sam.url.rsplit("/", 1)[1])
    expect(sam.locator(".ask-panel")).to_contain_text("A question for locals")
    expect(sam.locator("#note-text")).to_contain_text("Tipping in restaurants?")

    # The guide, in the Chinese UI, finds it among the questions for guides and answers.
    mei = open_page("zh-CN")
    log_in(mei, "mei")
    mei.goto("/guides/questions")
    expect(mei.locator("h1")).to_have_text(t("zh-hans", "Questions for guides"))
    mei.locator(f".card a.cover[href='/notes/{question_id}']").click()
    mei.wait_for_url(f"**/notes/{question_id}")
    mei.fill("#comment-body", "不用给小费 No tipping needed, a thank-you is enough!")
    mei.locator("#comment-form button[type=submit]").click()
    answer = mei.locator("#comment-list .comment.answer")
    expect(answer.locator(".label.answer")).to_have_text(t("zh-hans", "Guide's answer"))

    # The newcomer sees the answer highlighted, and that a guide has answered.
    sam.reload()
    expect(sam.locator("#comment-list .comment.answer")).to_contain_text("No tipping needed")
    expect(sam.locator(".ask-hint")).to_contain_text("A guide has answered")
    assert sam.errors == [] and mei.errors == []
