"""The compose form's title counter counts as the server does: per grapheme cluster, with
joiners kept only inside emoji sequences (crossnote/core/text.py, app.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from crossnote.core.text import clean_text, rednote_length
from tests.e2e.test_journeys import sign_up

FAMILY = "👩\u200d👩\u200d👧\u200d👦"
TITLES = [FAMILY * 2 + " ab", "pay\u200dpal 🇨🇳", "上海咖啡 Coffee", "e\u0301\u200b!"]


@pytest.mark.django_db(transaction=True)
def test_the_title_counter_matches_the_server(open_page):
    page = open_page()
    sign_up(page, "anna")
    page.goto("/notes/new")
    for title in TITLES:
        page.fill("#title", title)
        n = rednote_length(" ".join(clean_text(title).split()))
        shown = f"{int(n) if n == int(n) else n}/20"
        expect(page.locator("[data-title-counter]")).to_have_text(shown)
    assert rednote_length(FAMILY * 2 + " ab") == 3.5  # the first title shows 3.5/20, not 8.5
