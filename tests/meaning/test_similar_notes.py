"""More like this: notes close in meaning to a note, in either language, through the API
and on the note page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def _similar(client, note_id, **query):
    response = client.get(f"/notes/{note_id}/similar", **query)
    assert response.status_code == 200, response.content
    return [n["id"] for n in response.json()["items"]]


@pytest.fixture
def people(make_user):
    return {
        name: make_user(name, languages=[lang])[1]
        for name, lang in (("mei", "zh-hans"), ("li", "zh-hans"), ("sam", "en"), ("ann", "en"))
    }


def test_a_chinese_coffee_note_is_like_an_english_one_and_back(api, people, post_note):
    zh = post_note(people["mei"], "外滩旁边有一家很好喝的咖啡店，拿铁特别香", title="外滩咖啡")
    en = post_note(people["sam"], "The best latte I had this week, near the Bund", title="Coffee")
    hike = post_note(people["ann"], "Four hours up the mountain and back", title="Hiking")
    lips = post_note(people["li"], "砖红色和深莓色配大衣超好看", title="秋冬口红")
    found = _similar(api, zh["id"])
    assert found[0] == en["id"], found
    found = _similar(api, en["id"])
    assert found[0] == zh["id"], found
    assert hike["id"] not in found[:1] and lips["id"] not in found[:1]


def test_never_the_note_itself_nor_its_author_and_one_note_per_author(api, people, post_note):
    zh = post_note(people["mei"], "外滩旁边有一家很好喝的咖啡店", title="外滩咖啡")
    post_note(people["mei"], "在家手冲咖啡的小技巧", title="手冲咖啡")  # same author
    sam_notes = {
        post_note(people["sam"], body, title="Coffee")["id"]
        for body in ("Pour over coffee at home", "A latte near the Bund", "Coffee beans I like")
    }
    ann = post_note(people["ann"], "My favourite coffee shop for working", title="Coffee shop")
    found = _similar(api, zh["id"])
    assert zh["id"] not in found
    assert len(set(found) & sam_notes) == 1
    assert ann["id"] in found
    authors = [
        n["author"]["username"] for n in api.get(f"/notes/{zh['id']}/similar").json()["items"]
    ]
    assert "mei" not in authors and len(authors) == len(set(authors))


def test_limit_is_clamped(api, make_user, post_note):
    clients = [make_user(f"writer{i}")[1] for i in range(4)]
    notes = [
        post_note(c, f"Coffee tasting number {i}", title="Coffee") for i, c in enumerate(clients)
    ]
    assert len(_similar(api, notes[0]["id"], limit=2)) == 2
    assert len(_similar(api, notes[0]["id"], limit=0)) == 1
    assert len(_similar(api, notes[0]["id"], limit=1000)) == 3


def test_a_hidden_or_missing_note_is_a_404(api, people, post_note):
    private = post_note(people["mei"], "一个人喝咖啡的下午", title="咖啡", visibility="private")
    for note_id in (private["id"], 999999):
        response = api.get(f"/notes/{note_id}/similar")
        assert response.status_code == 404, response.content
        assert response.json()["error"] == "not_found"
    assert people["mei"].get(f"/notes/{private['id']}/similar").status_code == 200


def test_a_bad_limit_is_a_422(api, people, post_note):
    note = post_note(people["mei"], "外滩旁边有一家很好喝的咖啡店", title="外滩咖啡")
    response = api.get(f"/notes/{note['id']}/similar", limit="many")
    assert response.status_code == 422, response.content
    assert response.json()["error"] == "invalid_input"


def test_empty_when_meaning_search_is_off(api, people, post_note, settings):
    zh = post_note(people["mei"], "外滩旁边有一家很好喝的咖啡店", title="外滩咖啡")
    post_note(people["sam"], "The best latte I had this week", title="Coffee")
    settings.CROSSNOTE_SEARCH_MEANING = False
    assert _similar(api, zh["id"]) == []


def test_similar_costs_a_fixed_number_of_queries(people, post_note):
    zh = post_note(people["mei"], "外滩旁边有一家很好喝的咖啡店", title="外滩咖啡")
    for name in ("sam", "ann", "li"):
        post_note(people[name], f"Coffee notes by {name}", title="Coffee")
    people["sam"].get(f"/notes/{zh['id']}/similar")  # the process loads the meaning index once
    counts = []
    for limit in (1, 6):
        with CaptureQueriesContext(connection) as queries:
            response = people["sam"].get(f"/notes/{zh['id']}/similar", limit=limit)
        assert response.status_code == 200
        counts.append(len(queries))
    sql = "\n".join(q["sql"][:150] for q in queries.captured_queries)
    assert counts == [SIMILAR_QUERIES, SIMILAR_QUERIES], sql


# token, the note (access_note), its vector, the index catching up with vectors stored
# since it was loaded (two: the newest seq, the rows after it; crossnote.search.vectors),
# the candidates' vectors (re-ranking), the candidates' cards.
SIMILAR_QUERIES = 7


def test_the_note_page_loads_its_more_like_this_section(client, people, post_note):
    zh = post_note(people["mei"], "外滩旁边有一家很好喝的咖啡店", title="外滩咖啡")
    en = post_note(people["sam"], "The best latte I had this week", title="Coffee near the Bund")
    page = client.get(f"/notes/{zh['id']}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="similar"' in html and f"/notes/{zh['id']}/similar" in html
    part = client.get(f"/notes/{zh['id']}/similar", HTTP_HX_REQUEST="true")
    assert part.status_code == 200
    assert "Coffee near the Bund" in part.content.decode()
    assert "<html" not in part.content.decode()
    full = client.get(f"/notes/{en['id']}/similar")
    assert "外滩咖啡" in full.content.decode() and "<html" in full.content.decode()


def test_the_section_is_translated(client, people, post_note):
    zh = post_note(people["mei"], "外滩旁边有一家很好喝的咖啡店", title="外滩咖啡")
    page = client.get(f"/notes/{zh['id']}", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert "相似笔记" in page.content.decode()


def test_a_hidden_note_has_no_similar_page(client, people, post_note):
    private = post_note(people["mei"], "一个人喝咖啡的下午", title="咖啡", visibility="private")
    assert client.get(f"/notes/{private['id']}/similar").status_code == 404
