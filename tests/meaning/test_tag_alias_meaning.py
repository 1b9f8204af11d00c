"""Bilingual tag aliases suggested by meaning: an English and a Chinese tag whose names mean
the same become a suggestion for moderators, also where the dictionary gloss finds nothing.
The real encoder runs."""

from __future__ import annotations

import pytest

from crossnote.tags import meaning
from crossnote.tags.models import AliasSuggestion, Hashtag


def _suggestions() -> set[tuple[str, str, str]]:
    return {
        (s.tag.name, s.canonical.name, s.engine)
        for s in AliasSuggestion.objects.select_related("tag", "canonical")
    }


def test_hotpot_and_huoguo_mean_the_same(make_user, post_note):
    _sam, sam = make_user("sam")
    _mei, mei = make_user("mei")
    post_note(sam, "Friday night #hotpot #coffee #hiking")
    post_note(mei, "周末 #火锅")
    match, similarity = meaning.meaning_match(Hashtag.objects.get(key="火锅"))
    assert match.name == "hotpot" and similarity > meaning.ALIAS_SIMILARITY


@pytest.mark.parametrize(
    ("english", "chinese"), [("makeup", "美妆"), ("fitness", "健身"), ("hiking", "徒步")]
)
def test_meaning_suggests_where_the_gloss_finds_nothing(make_user, post_note, english, chinese):
    _sam, sam = make_user("sam")
    _mei, mei = make_user("mei")
    post_note(sam, f"My week #{english} #coffee #visa #travel")
    post_note(mei, f"分享 #{chinese}")  # the gloss reads it word by word: no English tag's key
    assert _suggestions() == {(chinese, english, "meaning")}


def test_an_english_tag_after_its_chinese_topic(make_user, post_note):
    _mei, mei = make_user("mei")
    _sam, sam = make_user("sam")
    post_note(mei, "#美妆 #咖啡 #签证")
    post_note(sam, "First try #makeup")
    assert ("makeup", "美妆", "meaning") in _suggestions()


def test_a_close_but_different_topic_is_not_suggested(make_user, post_note):
    """#dumplings is closest to #火锅, but #火锅 is closer to #hotpot: not mutual."""
    _sam, sam = make_user("sam")
    _mei, mei = make_user("mei")
    post_note(sam, "#hotpot #coffee")
    post_note(mei, "#火锅 #咖啡")
    AliasSuggestion.objects.all().delete()
    post_note(sam, "Homemade #dumplings")
    assert _suggestions() == set()


def test_unrelated_tags_are_not_suggested(make_user, post_note):
    _sam, sam = make_user("sam")
    _mei, mei = make_user("mei")
    post_note(sam, "#fitness #visa")
    post_note(mei, "#猫")
    assert _suggestions() == set()


def test_a_moderator_approves_a_meaning_suggestion(make_user, post_note, admin_client):
    _sam, sam = make_user("sam")
    _mei, mei = make_user("mei")
    post_note(sam, "#makeup tutorial")
    post_note(mei, "新手 #美妆")
    suggestion = AliasSuggestion.objects.get()
    response = admin_client.post(
        "/admin/tags/aliassuggestion/", {"action": "approve", "_selected_action": [suggestion.pk]}
    )
    assert response.status_code == 302
    assert mei.get("/tags/美妆").json()["name"] == "makeup"


def test_names_are_embedded_once(monkeypatch):
    calls = []
    real = meaning.meaning.encode_documents
    monkeypatch.setattr(
        meaning.meaning, "encode_documents", lambda texts: calls.append(texts) or real(texts)
    )
    meaning.name_vectors(["UniqueTagForTest", "另一个标签"])
    meaning.name_vectors(["UniqueTagForTest"])
    assert calls == [["Unique Tag For Test", "另一个标签"]]
