"""Discover's cross-language signal: a newcomer who likes English hotpot notes is shown
Chinese hotpot notes on the first page — notes the hot-score scan alone would leave for much
later — at a bounded share, without ever showing a note twice. The real encoder runs."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.feeds import taste
from crossnote.notes.models import Note

FILLER_AUTHORS = 30
PAGE = 20


@pytest.fixture
def hotpot(make_user, post_note):
    """An English hotpot author the newcomer likes, three Chinese hotpot authors and two
    Chinese authors on other subjects (all embedded, all scored lowest), and thirty busy
    authors whose hotter notes fill the first pages."""
    _dan, dan = make_user("dan")
    liked = [
        post_note(dan, body, title=title)["id"]
        for title, body in [
            ("Hotpot night", "Spicy Sichuan hotpot with beef tripe and lotus root #hotpot"),
            ("Best hotpot broth", "Mala broth, boiling chili oil, dip it in sesame oil"),
            ("Hotpot for beginners", "How to order at a Chongqing hotpot restaurant"),
        ]
    ]
    chinese = {}
    for name, title, body in [
        ("lin", "成都火锅", "麻辣火锅，毛肚和鸭肠，一定要配香油碟 #火锅"),
        ("wei", "重庆老火锅", "牛油锅底，辣椒花椒，涮毛肚七上八下"),
        ("xiao", "火锅怎么点菜", "第一次吃四川火锅？毛肚、黄喉、藕片都要点"),
        ("knit", "织围巾", "冬天到了，用羊毛线织一条围巾"),
        ("bike", "修自行车", "自行车链条掉了，自己动手修好了"),
    ]:
        _user, client = make_user(name)
        chinese[name] = post_note(client, body, title=title)["id"]
    newcomer_user, newcomer = make_user("newcomer")
    for note_id in liked:
        assert newcomer.post(f"/notes/{note_id}/like").status_code == 200
    fillers = [
        User.objects.create(username=f"busy{i}", username_key=f"busy{i}")
        for i in range(FILLER_AUTHORS)
    ]
    made = Note.objects.bulk_create(
        Note(
            author=author,
            title=f"Busy day {i}.{j}",
            state=Note.State.PUBLISHED,
            hot_score=5.0 + i / 100,
            published_at=timezone.now(),
        )
        for i, author in enumerate(fillers)
        for j in range(2)
    )
    # Everything from the API scores lowest, so only meaning brings it to the first page.
    Note.objects.exclude(pk__in=[n.pk for n in made]).update(hot_score=0.0)
    return newcomer_user, newcomer, chinese, liked


def _ids(page: dict) -> list[int]:
    return [item["id"] for item in page["items"]]


def test_a_newcomer_who_likes_english_hotpot_sees_chinese_hotpot_first(hotpot, settings):
    _user, newcomer, chinese, _liked = hotpot
    hot = {chinese["lin"], chinese["wei"], chinese["xiao"]}
    settings.CROSSNOTE_DISCOVER_MEANING_EVERY = 0  # the scan alone
    assert not hot & set(_ids(newcomer.get("/feeds/discover", limit=PAGE).json()))
    settings.CROSSNOTE_DISCOVER_MEANING_EVERY = 5
    first = _ids(newcomer.get("/feeds/discover", limit=PAGE).json())
    assert len(first) == PAGE
    assert hot <= set(first)
    # At most one in five, at every fifth place, best match first.
    by_meaning = [i for i, pk in enumerate(first) if not pk > max(chinese.values())]
    assert len(by_meaning) <= PAGE // 5
    assert by_meaning == [4, 9, 14, 19][: len(by_meaning)]
    assert first[4] in hot
    assert chinese["bike"] not in first[:15] and chinese["knit"] not in first[:15]


def test_paging_with_the_signal_shows_every_note_once(hotpot):
    user, newcomer, _chinese, _liked = hotpot
    everything = set(Note.objects.exclude(author=user).values_list("pk", flat=True))
    shown: list[int] = []
    cursor = None
    for _ in range(40):
        page = newcomer.get("/feeds/discover", limit=7, cursor=cursor).json()
        shown += _ids(page)
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert {pk: n for pk, n in Counter(shown).items() if n > 1} == {}
    assert set(shown) == everything


def test_the_taste_is_computed_once_and_costs_one_query_per_page(hotpot, monkeypatch):
    _user, newcomer, _chinese, _liked = hotpot
    searches = []
    real = taste.vectors.nearest
    monkeypatch.setattr(
        taste.vectors, "nearest", lambda *a, **k: searches.append(a) or real(*a, **k)
    )
    newcomer.get("/feeds/discover")  # computes the taste and warms the cache
    counts = []
    for limit in (2, 15):
        with CaptureQueriesContext(connection) as queries:
            assert newcomer.get("/feeds/discover", limit=limit).status_code == 200
        counts.append(len(queries))
    assert len(searches) == 1
    # Token, the picks (with the deferred notes, by primary key), the window, the cards.
    assert counts == [4, 4]


def test_no_likes_no_signal(make_user, post_note):
    _anna, anna = make_user("anna")
    _dan, dan = make_user("dan")
    post_note(dan, "Hotpot night #hotpot")
    assert taste.taste_neighbours(User.objects.get(username="anna").pk) == []
    assert anna.get("/feeds/discover").status_code == 200
