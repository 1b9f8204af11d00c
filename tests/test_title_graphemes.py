"""Emoji ZWJ sequences survive the invisible-control filter, and titles are counted per
character a person sees (grapheme cluster), on the server and in the compose form."""

from __future__ import annotations

import pytest

from crossnote.core.errors import InvalidInput
from crossnote.core.text import clean_text, rednote_length
from crossnote.notes.rules import check_title

FAMILY = "👩\u200d👩\u200d👧\u200d👦"
TECHNOLOGIST = "👨🏽\u200d💻"  # a skin tone before the joiner
RAINBOW_FLAG = "🏳\ufe0f\u200d🌈"  # an emoji presentation selector before the joiner


@pytest.mark.parametrize("emoji", [FAMILY, TECHNOLOGIST, RAINBOW_FLAG])
def test_a_zwj_sequence_keeps_its_joiners(emoji):
    assert clean_text(f"Our {emoji} trip") == f"Our {emoji} trip"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("pay\u200dpal", "paypal"),  # between letters: invisible glue, a spoofing tool
        ("👩\u200d", "👩"),  # dangling after an emoji
        ("\u200d👩", "👩"),  # leading
        ("a\u200d👩", "a👩"),  # a letter is not a pictograph
        ("👩\u200d\u200d👧", "👩👧"),  # doubled: neither joins two pictographs
        ("x\u200by\u202ez\u2066", "xyz"),  # the other invisible controls still go
    ],
)
def test_a_joiner_outside_an_emoji_sequence_is_dropped(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("text", "length"),
    [
        (FAMILY, 1),
        (TECHNOLOGIST, 1),
        ("🇨🇳", 1),  # a flag is two regional indicators, one character to see
        ("e\u0301", 1),  # a letter and a combining accent
        ("上海咖啡 Coffee", 7.5),
        ("abc", 1.5),
    ],
)
def test_rednote_length_counts_grapheme_clusters(text, length):
    assert rednote_length(text) == length


def test_a_title_of_twenty_families_fits_and_twenty_one_do_not():
    assert check_title(FAMILY * 20) == FAMILY * 20
    with pytest.raises(InvalidInput):
        check_title(FAMILY * 21)


def test_a_posted_title_keeps_the_family_together(make_user, post_note):
    _user, client = make_user("anna")
    note = post_note(client, title=f"{FAMILY} day out")
    assert note["title"] == f"{FAMILY} day out"
