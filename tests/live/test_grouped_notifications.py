"""Grouped notifications ("Mei and 8 others liked your note") in the API and on the web, in
both languages, and the live events notifications send."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from crossnote import live
from crossnote.notifications.grouping import group_key
from crossnote.notifications.models import Notification
from tests.live.conftest import events_of, read_stream

pytestmark = pytest.mark.usefixtures("short_streams")


def _fans_like(make_user: Any, note: dict, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        make_user(f"fan{i}", display_name=f"Fan {i}")[1].post(f"/notes/{note['id']}/like")


def _web(user: Any, language: str = "en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def test_nine_likes_of_one_note_are_one_line(make_user: Any, post_note: Any) -> None:
    _anna, anna_api = make_user("anna")
    note = post_note(anna_api)
    _fans_like(make_user, note, 9)
    _bo, bo_api = make_user("bo")
    bo_api.post(f"/notes/{note['id']}/comments", {"body": "lovely"})
    page = anna_api.get("/notifications").json()
    assert [(n["kind"], n["others"]) for n in page["items"]] == [("comment", 0), ("like", 8)]
    like = page["items"][1]
    assert like["actor"]["username"] == "fan8"  # the newest
    assert like["summary"] == "Fan 8 and 8 others liked your note"
    assert page["items"][0]["summary"] == ""
    assert page["unread"] == 10
    # Marking the line read marks its whole group.
    assert anna_api.post("/notifications/read", {"ids": [like["id"]]}).json() == {"marked": 9}
    assert anna_api.get("/notifications").json()["unread"] == 1


def test_one_other_is_singular_and_chinese_reads_naturally(make_user: Any, post_note: Any) -> None:
    anna, anna_api = make_user("anna")
    note = post_note(anna_api)
    _fans_like(make_user, note, 2)
    assert anna_api.get("/notifications").json()["items"][0]["summary"] == (
        "Fan 1 and 1 other liked your note"
    )
    chinese = anna_api.call("GET", "/notifications", headers={"Accept-Language": "zh-hans"})
    assert chinese.json()["items"][0]["summary"] == "Fan 1 和另外 1 人赞了你的笔记"
    html = _web(anna, "zh-hans").get("/notifications").content.decode()
    link = f'<a href="{reverse("web:profile", args=["fan1"])}"><strong>Fan 1</strong></a>'
    assert f"{link} 和另外 1 人赞了你的笔记" in html


def test_the_web_list_groups_and_escapes(make_user: Any, post_note: Any) -> None:
    anna, anna_api = make_user("anna")
    note = post_note(anna_api)
    for i in range(3):
        make_user(f"f{i}", display_name="<b>Mei</b>")[1].post(f"/notes/{note['id']}/like")
        make_user(f"g{i}")[1].post("/users/anna/follow")
    html = _web(anna).get("/notifications").content.decode()
    assert "and 2 others liked your note" in html
    assert "and 2 others started following you" in html
    assert "<b>Mei</b>" not in html and "&lt;b&gt;Mei&lt;/b&gt;" in html
    assert html.count('<li class="notification') == 2
    # Opening the page read the whole groups.
    assert Notification.objects.filter(recipient=anna, read_at__isnull=True).count() == 0


def test_groups_are_per_note_and_per_window(make_user: Any, post_note: Any) -> None:
    _anna, anna_api = make_user("anna")
    first, second = post_note(anna_api), post_note(anna_api)
    _fans_like(make_user, first, 2)
    _fans_like(make_user, second, 2, start=2)
    # Two more likes of the first note, written in an earlier window.
    old = group_key("like", first["id"], None, now=0)
    _fans_like(make_user, first, 2, start=4)
    Notification.objects.filter(actor__username__in=["fan4", "fan5"]).update(group_key=old)
    items = anna_api.get("/notifications").json()["items"]
    assert [(n["note_id"], n["others"]) for n in items] == [
        (first["id"], 1),  # the old window's pair: its newest id is the newest of all
        (second["id"], 1),
        (first["id"], 1),
    ]


def test_paging_goes_by_group(make_user: Any, post_note: Any) -> None:
    _anna, anna_api = make_user("anna")
    notes = [post_note(anna_api) for _ in range(3)]
    for note in notes:
        _fans_like(make_user, note, 2, start=notes.index(note) * 2)
    first = anna_api.get("/notifications", limit=2).json()
    second = anna_api.get("/notifications", limit=2, cursor=first["next_cursor"]).json()
    assert [n["note_id"] for n in first["items"] + second["items"]] == [
        n["id"] for n in reversed(notes)
    ]
    assert second["next_cursor"] is None


def test_a_like_sends_the_new_count_live_and_reading_sends_it_again(
    make_user: Any, post_note: Any
) -> None:
    anna, anna_api = make_user("anna")
    note = post_note(anna_api)
    start = live.latest_id(anna.pk)
    _fans_like(make_user, note, 2)
    web = _web(anna)
    _, frames = read_stream(web, data={"after": start})
    events = [(e.event, json.loads(e.data)) for e in events_of(frames)]
    assert [(name, data["kind"], data["unread"]) for name, data in events] == [
        ("notification", "like", 1),
        ("notification", "like", 2),
    ]
    cursor = events_of(frames)[-1].id
    with TestCase.captureOnCommitCallbacks(execute=True):
        web.get("/notifications")
    _, frames = read_stream(web, data={"after": cursor})
    assert [(e.event, json.loads(e.data)) for e in events_of(frames)] == [
        ("notifications.read", {"unread": 0})
    ]
    # Liking again (unlike, like) writes no second notification and sends nothing.
    fan = make_user("fan9")[1]
    fan.post(f"/notes/{note['id']}/like")
    fan.delete(f"/notes/{note['id']}/like")
    fan.post(f"/notes/{note['id']}/like")
    _, frames = read_stream(web, data={"after": cursor})
    assert [e.event for e in events_of(frames)] == ["notifications.read", "notification"]


def test_the_page_parts_the_live_script_swaps_in(make_user: Any, post_note: Any) -> None:
    anna, anna_api = make_user("anna")
    note = post_note(anna_api)
    _fans_like(make_user, note, 3)
    web = _web(anna)
    page = web.get("/").content.decode()
    assert 'data-live="/live/events?after=' in page and "web/live.js" in page
    bell = web.get("/notifications", {"part": "bell"}).content.decode()
    assert bell.startswith('<a href="/notifications" class="bell in-tabbar" id="bell"')
    assert '<span class="badge" aria-label="3 unread">3</span>' in bell
    assert Notification.objects.filter(read_at__isnull=True).count() == 3  # the bell reads none
    listing = web.get("/notifications", {"part": "list"}).content.decode()
    assert listing.startswith('<div id="notification-list"') and "<html" not in listing
    assert "and 2 others liked your note" in listing
    assert (
        'aria-label="3 unread"' not in web.get("/notifications", {"part": "bell"}).content.decode()
    )
    assert "data-live=" not in Client().get("/").content.decode()  # nobody to stream to
