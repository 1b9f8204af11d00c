"""Hybrid search: the full-text match fused with the notes nearest in meaning.

The cross-language tests run with the dictionary turned off (CROSSNOTE_SEARCH_DICTIONARY)
as well as on, so what they show is the meaning half at work: no translation engine, and
no dictionary gloss of the query, is needed for "coffee" to find 咖啡.
"""

from __future__ import annotations

import pytest

from crossnote.core.pagination import encode_cursor
from crossnote.search import fusion


def _ids(client, q, **query):
    response = client.get("/search", q=q, **query)
    assert response.status_code == 200, response.content
    return [n["id"] for n in response.json()["notes"]]


@pytest.fixture(params=[False, True], ids=["no-dictionary", "dictionary"])
def dictionary(request, settings):
    settings.CROSSNOTE_SEARCH_DICTIONARY = request.param
    return request.param


@pytest.fixture
def corpus(make_user, post_note):
    """Two people, one per language, and notes on different things in both languages."""
    _mei, mei = make_user("mei", languages=["zh-hans"])
    _sam, sam = make_user("sam", languages=["en"])

    def note(client, title, body):
        return post_note(client, body, title=title)["id"]

    return {
        "zh_coffee": note(mei, "外滩咖啡", "外滩旁边有一家很好喝的咖啡店，拿铁特别香"),
        "zh_wall": note(mei, "冬天去长城", "烽火台上积了雪，几乎没有游客，记得戴手套"),
        "zh_lipstick": note(mei, "秋冬口红试色", "砖红色和深莓色配大衣超好看"),
        "zh_cat": note(mei, "领养了一只猫", "前两天一直躲在沙发底下，现在天天睡我枕头上"),
        "en_coffee": note(sam, "Coffee near the Bund", "The best latte I had this week"),
        "en_wall": note(
            sam, "The Great Wall in winter", "Snow on the watchtowers and almost no tourists"
        ),
        "en_running": note(sam, "Started running", "Five kilometres without stopping today"),
        "en_dumplings": note(sam, "Soup dumplings", "Bite a small hole first, the broth is hot"),
    }


def _before(found, first, *others):
    """`first` is found, ahead of every one of `others` that is found at all."""
    assert first in found, found
    return all(found.index(first) < found.index(o) for o in others if o in found)


def test_coffee_finds_the_chinese_coffee_note(api, corpus, dictionary):
    found = _ids(api, "coffee")
    assert _before(found, corpus["zh_coffee"], corpus["zh_wall"], corpus["zh_lipstick"])
    assert _before(found, corpus["en_coffee"], corpus["en_running"], corpus["en_wall"])


def test_kafei_finds_the_english_coffee_note(api, corpus, dictionary):
    found = _ids(api, "咖啡")
    assert _before(found, corpus["en_coffee"], corpus["en_running"], corpus["en_dumplings"])


def test_great_wall_in_winter_finds_its_chinese_note_and_back(api, corpus, dictionary):
    found = _ids(api, "Great Wall in winter")
    assert _before(found, corpus["zh_wall"], corpus["zh_coffee"], corpus["zh_cat"])
    found = _ids(api, "冬天去长城")
    assert _before(found, corpus["en_wall"], corpus["en_coffee"], corpus["en_running"])


def test_words_only_without_the_meaning_half(api, corpus, settings):
    """CROSSNOTE_SEARCH_MEANING off is today's search: with no dictionary either, "coffee"
    finds the English note only (the bench's "dictionary only" row is this, dictionary on)."""
    settings.CROSSNOTE_SEARCH_MEANING = False
    settings.CROSSNOTE_SEARCH_DICTIONARY = False
    assert _ids(api, "coffee") == [corpus["en_coffee"]]


def test_a_nonsense_query_finds_nothing_by_meaning(api, corpus):
    assert _ids(api, "zxqv wkpj") == []
    assert _ids(api, "!!!") == []


def test_a_note_edited_from_coffee_to_tea_stops_appearing_for_coffee(
    api, make_user, post_note, settings
):
    """Editing re-embeds the note: its words and its meaning both move from coffee to tea.
    (Tea stays nearer coffee than hiking does, so in a tiny community the note may still
    trail the coffee notes: what it loses is its place among them.)"""
    from crossnote.search import backends, meaning, vectors

    settings.CROSSNOTE_SEARCH_DICTIONARY = False
    _mei, mei = make_user("mei", languages=["zh-hans"])
    _ann, ann = make_user("ann", languages=["en"])
    _sam, sam = make_user("sam", languages=["en"])
    coffee = {
        post_note(mei, "外滩旁边有一家很好喝的咖啡店", title="外滩咖啡")["id"],
        post_note(mei, "在家手冲咖啡的小技巧", title="手冲咖啡")["id"],
        post_note(ann, "The best latte I had this week", title="Coffee")["id"],
    }
    note = post_note(sam, "A flat white and a croissant to start the day", title="Morning coffee")
    query = meaning.encode_query("咖啡")
    before = float(vectors.vector_of(note["id"]) @ query)
    assert note["id"] in _ids(api, "咖啡", limit=4)
    edited = sam.patch(
        f"/notes/{note['id']}",
        {"title": "Morning tea", "body": "A pot of jasmine green tea to start the day"},
    )
    assert edited.status_code == 200, edited.content
    after = float(vectors.vector_of(note["id"]) @ query)
    assert after < before - 0.1, (before, after)
    assert note["id"] not in backends.match([["coffe"], ["咖啡"]], 10)
    assert set(_ids(api, "咖啡", limit=3)) == coffee
    assert set(_ids(api, "coffee", limit=3)) == coffee
    assert _ids(api, "茶")[0] == note["id"]


def test_meaning_matches_respect_visibility(make_user, post_note, settings):
    settings.CROSSNOTE_SEARCH_DICTIONARY = False
    _mei, mei = make_user("mei", languages=["zh-hans"])
    _sam, sam = make_user("sam")
    public = post_note(mei, "外滩旁边有一家很好喝的咖啡店", title="外滩咖啡")["id"]
    friends = post_note(
        mei, "家里新买的咖啡机，每天早上做拿铁", title="咖啡机", visibility="followers"
    )
    mine = post_note(mei, "一个人喝咖啡的下午", title="咖啡", visibility="private")
    assert _ids(sam, "coffee") == [public]
    assert sam.post("/users/mei/follow").status_code == 200
    assert set(_ids(sam, "coffee")) == {public, friends["id"]}
    assert set(_ids(mei, "coffee")) == {public, friends["id"], mine["id"]}


def test_paging_through_the_fused_list_neither_repeats_nor_skips(make_user, post_note):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    _sam, sam = make_user("sam", languages=["en"])
    ids = {post_note(sam, f"Coffee tasting number {i}", title="Coffee")["id"] for i in range(6)}
    ids |= {post_note(mei, f"第{i}次咖啡品鉴", title="咖啡")["id"] for i in range(6)}
    first = sam.get("/search", q="coffee", limit=5).json()
    # A note published between two pages does not shift the list the cursor pages through.
    post_note(sam, "Coffee tasting, the newest", title="Coffee")
    seen = [n["id"] for n in first["notes"]]
    cursor = first["next_cursor"]
    while cursor:
        page = sam.get("/search", q="coffee", limit=5, cursor=cursor).json()
        seen += [n["id"] for n in page["notes"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen))
    assert ids <= set(seen)


def test_a_broken_cursor_or_one_of_another_list_is_refused(api, corpus, settings):
    for cursor in ("not-a-cursor", encode_cursor("search:notes", o=20)):
        response = api.get("/search", q="coffee", cursor=cursor)
        assert response.status_code == 400, response.content
        assert response.json()["error"] == "invalid_cursor"


def test_search_answers_with_words_when_the_encoder_fails(api, corpus, monkeypatch, settings):
    from crossnote.search import meaning

    def broken(text):
        raise RuntimeError("encoder down")

    settings.CROSSNOTE_SEARCH_DICTIONARY = False
    monkeypatch.setattr(meaning, "encode_query", broken)
    assert _ids(api, "coffee") == [corpus["en_coffee"]]


def test_reciprocal_rank_fusion_rewards_agreement():
    # 3 is second in both lists: 2/62 beats 1/61 + nothing, so it comes first.
    assert fusion.fuse([1, 3, 4], [2, 3, 5], k=60)[0] == 3
    # Ties (same ranks in mirrored lists) keep the first (full-text) list's order, then
    # go to the newest note, the higher id.
    assert fusion.fuse([1, 2], [2, 1]) == [1, 2]
    assert fusion.fuse([], [5, 6], [6, 5]) == [6, 5]
    assert fusion.fuse([], []) == []
