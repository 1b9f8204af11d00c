"""Engines chosen by configuration, end to end: a LibreTranslate stand-in serves the API's
translations; when it is slow the offline engine answers instead, within the deadline."""

import time

import pytest

from crossnote.translation.engines.offline import gloss_chinese
from crossnote.translation.engines.registry import configured_engines
from tests.translation import standins
from tests.translation.standins import StandIn


@pytest.fixture
def libre(settings):
    standin = StandIn(standins.libretranslate())
    settings.CROSSNOTE_TRANSLATION_ENGINES = "libretranslate,offline"
    settings.CROSSNOTE_LIBRETRANSLATE_URL = standin.url
    # A deadline no busy machine comes near: serving never depends on the machine's speed.
    settings.CROSSNOTE_TRANSLATION_DEADLINE = 30.0
    configured_engines.cache_clear()
    yield standin
    standin.close()
    configured_engines.cache_clear()


def test_only_configured_engines_run_and_offline_comes_last(settings):
    settings.CROSSNOTE_TRANSLATION_ENGINES = "deepl,libretranslate"
    settings.CROSSNOTE_DEEPL_API_KEY = ""  # not configured: skipped
    settings.CROSSNOTE_LIBRETRANSLATE_URL = "http://127.0.0.1:9"
    configured_engines.cache_clear()
    try:
        assert [e.info.name for e in configured_engines()] == ["libretranslate", "offline"]
    finally:
        configured_engines.cache_clear()


def test_the_first_configured_engine_serves(libre, make_user, post_note):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    note = post_note(mei, "今天的咖啡很好喝", title="咖啡")
    answer = mei.get(f"/notes/{note['id']}/translation", target="en").json()
    assert answer["engine"] == "libretranslate" and answer["is_gloss"] is False
    assert answer["parts"] == ["[en] 咖啡", "[en] 今天的咖啡很好喝"]
    assert len(libre.seen) == 1 and libre.problems == []  # title and body in one request


def test_a_slow_engine_gives_way_to_the_offline_one(libre, make_user, post_note, settings):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    note = post_note(mei, "今天的咖啡很好喝")
    libre.mode = "slow"
    settings.CROSSNOTE_TRANSLATION_DEADLINE = 0.5
    started = time.monotonic()
    response = mei.get(f"/notes/{note['id']}/translation", target="en")
    # By the deadline, not when the stand-in would have answered (HOLD seconds).
    assert time.monotonic() - started < standins.HOLD / 2
    assert response.status_code == 200
    assert response.json()["engine"] == "offline"


def test_the_gloss_keeps_what_is_not_chinese_as_written():
    glossed = gloss_chinese("1️⃣ 我在咖啡店喝咖啡。Here's my tip: don't arrive after 22:30!")
    assert glossed.startswith("1️⃣ ")  # the keycap emoji stays whole
    assert glossed.endswith("Here's my tip: don't arrive after 22:30!")  # no "Here ' s"
    assert "coffee" in glossed and "啡" not in glossed  # 咖啡店 = 咖啡 + 店, not 咖 + 啡 + 店
    assert "coffee. Here's" in glossed
