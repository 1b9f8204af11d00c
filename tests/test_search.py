"""Search: Chinese (segmented) and English (stemmed), ranked, respecting visibility."""

import pytest

from crossnote.search.tokens import query_words, words


def _ids(response):
    return [n["id"] for n in response.json()["notes"]]


def test_words_segment_chinese_and_stem_english():
    assert "咖啡" in words("我爱喝咖啡馆的拿铁")
    assert "咖啡馆" in words("我爱喝咖啡馆的拿铁")
    assert words("Coffee TIPS, running!") == ["coffe", "tip", "run"]
    assert query_words("咖啡 咖啡 coffee") == ["咖啡", "coffe"]


@pytest.fixture
def corpus(make_user, post_note):
    _anna, anna = make_user("anna")
    _mei, mei = make_user("mei", display_name="梅 Mei")
    notes = {
        "cafe": post_note(mei, "上海最好喝的咖啡馆，推荐拿铁 #上海Coffee", title="咖啡馆探店")[
            "id"
        ],
        "beans": post_note(mei, "在家手冲咖啡的小技巧", title="手冲")["id"],
        "lipstick": post_note(mei, "秋冬口红试色 #妆容教程", title="口红")["id"],
        "coffee_en": post_note(anna, "Best coffee shops near the Bund", title="Coffee guide")["id"],
        "tips": post_note(anna, "A few travel tips for newcomers #TikTokRefugee", title="Tips")[
            "id"
        ],
    }
    return anna, mei, notes


def test_a_two_character_chinese_word_is_found(api, corpus, settings):
    # The full-text half alone (hybrid search adds notes close in meaning: see
    # tests/meaning/test_hybrid_search.py); the exact word still comes first with it.
    _anna, _mei, notes = corpus
    settings.CROSSNOTE_SEARCH_MEANING = True
    assert _ids(api.get("/search", q="咖啡馆"))[0] == notes["cafe"]
    settings.CROSSNOTE_SEARCH_MEANING = False
    found = _ids(api.get("/search", q="咖啡"))
    # …and, as the query also runs in English, the English coffee guide.
    assert set(found) == {notes["cafe"], notes["beans"], notes["coffee_en"]}
    assert _ids(api.get("/search", q="口红")) == [notes["lipstick"]]
    assert _ids(api.get("/search", q="咖啡馆")) == [notes["cafe"]]


def test_english_words_match_their_forms(api, corpus):
    _anna, _mei, notes = corpus
    # The café note matches through its hashtag #上海Coffee, the home-brew one as 咖啡.
    found = _ids(api.get("/search", q="COFFEE"))
    assert set(found) == {notes["coffee_en"], notes["cafe"], notes["beans"]}
    assert _ids(api.get("/search", q="tip")) == [notes["tips"]]
    assert _ids(api.get("/search", q="travel tips")) == [notes["tips"]]
    assert _ids(api.get("/search", q="tiktokrefugee")) == [notes["tips"]]


def test_title_matches_rank_above_body_matches_and_ties_go_newest_first(api, make_user, post_note):
    _anna, anna = make_user("anna")
    body_only = post_note(anna, "I had matcha today", title="Afternoon")["id"]
    in_title = post_note(anna, "Green and good", title="Matcha")["id"]
    newer_body = post_note(anna, "More matcha please", title="Evening")["id"]
    assert _ids(api.get("/search", q="matcha")) == [in_title, newer_body, body_only]


def test_search_respects_visibility(make_user, post_note):
    _anna, anna = make_user("anna")
    _sam, sam = make_user("sam")
    public = post_note(anna, "dumplings everywhere")["id"]
    post_note(anna, "dumplings for friends", visibility="followers")
    post_note(anna, "dumplings just for me", visibility="private")
    assert _ids(sam.get("/search", q="dumplings")) == [public]
    assert len(_ids(anna.get("/search", q="dumplings"))) == 3
    sam.post("/users/anna/follow")
    assert len(_ids(sam.get("/search", q="dumplings"))) == 2


def test_search_pages_with_a_cursor(make_user, post_note):
    _anna, anna = make_user("anna")
    ids = [post_note(anna, f"hotpot number {i}")["id"] for i in range(5)]
    first = anna.get("/search", q="hotpot", limit=2).json()
    second = anna.get("/search", q="hotpot", limit=2, cursor=first["next_cursor"]).json()
    third = anna.get("/search", q="hotpot", limit=2, cursor=second["next_cursor"]).json()
    got = [n["id"] for page in (first, second, third) for n in page["notes"]]
    assert sorted(got) == sorted(ids) and len(got) == 5
    assert third["next_cursor"] is None


def test_people_search(api, corpus):
    assert [u["username"] for u in api.get("/search", q="mei", type="users").json()["users"]] == [
        "mei"
    ]
    assert [u["username"] for u in api.get("/search", q="梅", type="users").json()["users"]] == [
        "mei"
    ]
    assert api.get("/search", q="@ANNA", type="users").json()["users"][0]["username"] == "anna"


def test_empty_and_punctuation_queries_find_nothing(api, corpus):
    assert api.get("/search", q="").json()["notes"] == []
    assert api.get("/search", q='"*) OR (').json()["notes"] == []
