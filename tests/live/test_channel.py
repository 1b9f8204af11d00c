"""The live channel on whichever profile the suite runs (table on SQLite, Redis streams and
pub/sub with REDIS_URL): replay by cursor, reconnects, who hears what, bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from crossnote import live
from crossnote.live.hub import hub
from crossnote.live.stream import slots
from tests.live.conftest import Listener, events_of, read_stream

pytestmark = pytest.mark.usefixtures("short_streams")


def _send(user_ids: list[int], event: str, data: dict) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        live.publish(user_ids, event, data)


def _web(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_stream_replays_what_came_after_its_cursor(make_user: Any) -> None:
    anna, _ = make_user("anna")
    start = live.latest_id(anna.pk)
    _send([anna.pk], "note.liked", {"n": 1})
    _send([anna.pk], "note.liked", {"n": 2, "text": "你好"})
    status, frames = read_stream(_web(anna), data={"after": start})
    assert status == 200
    events = events_of(frames)
    assert [(e.event, json.loads(e.data)) for e in events] == [
        ("note.liked", {"n": 1}),
        ("note.liked", {"n": 2, "text": "你好"}),
    ]
    assert events[1].id == live.latest_id(anna.pk)
    assert frames[0].retry == 1000  # a failed reconnect is tried again a second later
    assert frames[-1].retry == 100  # a stream that ended on time is reopened at once


def test_stream_lengths_are_spread_so_clients_do_not_reconnect_together(
    make_user: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, _ = make_user("anna")
    settings.CROSSNOTE_LIVE_STREAM_SECONDS = 60
    drawn: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        drawn.append((low, high))
        return 0.0  # this stream's share of the bound: none, so the test need not wait

    monkeypatch.setattr("crossnote.live.stream.random.uniform", uniform)
    status, frames = read_stream(_web(anna))
    assert status == 200 and frames[-1].retry == 100
    assert drawn == [(0.75, 1.0)]  # each stream lasts 45-60 s of the 60 s bound


def test_a_reconnect_with_last_event_id_gets_only_what_it_missed(make_user: Any) -> None:
    anna, _ = make_user("anna")
    start = live.latest_id(anna.pk)
    for n in range(3):
        _send([anna.pk], "ping", {"n": n})
    web = _web(anna)
    _, frames = read_stream(web, data={"after": start})
    first = events_of(frames)[0]
    # EventSource sends the last id it saw; it wins over the page's ?after=.
    _, again = read_stream(web, data={"after": start}, headers={"Last-Event-ID": first.id})
    assert [json.loads(e.data)["n"] for e in events_of(again)] == [1, 2]
    _, nothing = read_stream(web, headers={"Last-Event-ID": events_of(frames)[-1].id})
    assert events_of(nothing) == []


def test_without_a_cursor_a_stream_starts_from_now(make_user: Any) -> None:
    anna, _ = make_user("anna")
    _send([anna.pk], "old", {})
    _, frames = read_stream(_web(anna))
    assert events_of(frames) == []


def test_nobody_hears_anyone_elses_events(make_user: Any) -> None:
    anna, anna_api = make_user("anna")
    bo, _ = make_user("bo")
    start_anna, start_bo = live.latest_id(anna.pk), live.latest_id(bo.pk)
    _send([anna.pk], "for.anna", {"secret": "a"})
    _send([bo.pk, anna.pk], "for.both", {})
    _, bo_frames = read_stream(_web(bo), data={"after": start_bo})
    assert [e.event for e in events_of(bo_frames)] == ["for.both"]
    # Bo cannot read Anna's stream by naming her cursor: the stream is always the requester's.
    _, bo_again = read_stream(_web(bo), data={"after": start_anna})
    assert "for.anna" not in [e.event for e in events_of(bo_again)]
    # API clients: bearer token, on the API's address too.
    status, anna_frames = read_stream(
        Client(),
        "/api/v1/live/events",
        data={"after": start_anna},
        headers={"Authorization": f"Bearer {anna_api.token}"},
    )
    assert status == 200
    assert [e.event for e in events_of(anna_frames)] == ["for.anna", "for.both"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer "},
    ],
)
def test_a_stream_needs_a_session_or_a_valid_token(db: Any, headers: dict) -> None:
    response = Client().get("/live/events", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_a_wrong_token_is_refused_even_with_a_session(make_user: Any) -> None:
    anna, _ = make_user("anna")
    response = _web(anna).get("/live/events", headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401


def test_only_get(make_user: Any) -> None:
    anna, _ = make_user("anna")
    assert _web(anna).post("/live/events").status_code == 405


@pytest.mark.parametrize("cursor", ["garbage", "1-0", "-5", "9" * 100, "1" * 30])
def test_an_unreadable_or_expired_cursor_resets(make_user: Any, cursor: str) -> None:
    anna, _ = make_user("anna")
    _send([anna.pk], "before", {})
    _, frames = read_stream(_web(anna), headers={"Last-Event-ID": cursor})
    events = events_of(frames)
    assert [e.event for e in events] == ["reset"]
    assert events[0].id == live.latest_id(anna.pk)  # reconnecting from there misses nothing


def test_a_cursor_older_than_the_backlog_resets(make_user: Any, settings: Any) -> None:
    anna, _ = make_user("anna")
    _send([anna.pk], "zero", {})
    start = live.latest_id(anna.pk)
    _send([anna.pk], "one", {})
    first = live.latest_id(anna.pk)
    _send([anna.pk], "two", {})
    if settings.CROSSNOTE_LIVE_BACKEND == "database":
        from crossnote.live.models import LiveEvent

        LiveEvent.objects.filter(pk__lte=int(first)).delete()  # as pruning does
        stale = start
    else:
        stale = "1000-0"  # a stream id from 1970: long out of the backlog
    _, frames = read_stream(_web(anna), data={"after": stale})
    assert [e.event for e in events_of(frames)] == ["reset"]


def test_publishing_inside_a_transaction_waits_for_the_commit(make_user: Any) -> None:
    anna, _ = make_user("anna")
    start = live.latest_id(anna.pk)
    with TestCase.captureOnCommitCallbacks(execute=True):
        try:
            with transaction.atomic():
                live.publish([anna.pk], "rolled.back", {})
                raise RuntimeError
        except RuntimeError:
            pass
        with transaction.atomic():
            live.publish([anna.pk], "committed", {})
    _, frames = read_stream(_web(anna), data={"after": start})
    assert [e.event for e in events_of(frames)] == ["committed"]


@pytest.mark.parametrize(
    ("event", "data"),
    [
        ("", {}),
        ("two words", {}),
        ("x\ny", {}),
        ("a" * 65, {}),
        ("ok", ["a list"]),
        ("ok", {"big": "x" * 9000}),
    ],
)
def test_bad_events_are_refused_at_once(event: str, data: Any) -> None:
    with pytest.raises(ValueError):
        live.publish([1], event, data)
    with pytest.raises(ValueError), TestCase.captureOnCommitCallbacks(execute=True) as sent:
        live.publish_each([(1, "fine", {}), (1, event, data)])
    assert sent == []  # nothing of a batch with a bad event is sent


def test_publish_each_gives_each_person_their_own_data_in_one_write(make_user: Any) -> None:
    anna, _ = make_user("anna")
    bo, _ = make_user("bo")
    start_anna, start_bo = live.latest_id(anna.pk), live.latest_id(bo.pk)
    with (
        CaptureQueriesContext(connection) as queries,
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        live.publish_each([(anna.pk, "count", {"n": 1}), (bo.pk, "count", {"n": 2})])
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == (0 if django_settings.REDIS_URL else 1)  # Redis: one pipeline instead
    _, anna_frames = read_stream(_web(anna), data={"after": start_anna})
    _, bo_frames = read_stream(_web(bo), data={"after": start_bo})
    assert [json.loads(e.data) for e in events_of(anna_frames)] == [{"n": 1}]
    assert [json.loads(e.data) for e in events_of(bo_frames)] == [{"n": 2}]


def test_when_every_slot_is_taken_a_stream_answers_at_once(make_user: Any, settings: Any) -> None:
    anna, _ = make_user("anna")
    settings.CROSSNOTE_LIVE_MAX_STREAMS = 0
    settings.CROSSNOTE_LIVE_STREAM_SECONDS = 60  # would wait, if it could
    start = live.latest_id(anna.pk)
    _send([anna.pk], "waiting", {})
    _, frames = read_stream(_web(anna), data={"after": start})
    assert [e.event for e in events_of(frames)] == ["waiting"]
    assert frames[-1].retry == 15_000  # come back later (polling) instead of holding a thread


@pytest.mark.django_db(transaction=True)
def test_an_open_stream_receives_an_event_as_it_is_published(make_user: Any, settings: Any) -> None:
    """The stream waits in a thread of its own (a gunicorn thread); the event is published
    from this one, after the stream is listening. No sleeps: the hub says when it listens."""
    anna, _ = make_user("anna")
    bo, _ = make_user("bo")
    settings.CROSSNOTE_LIVE_STREAM_SECONDS = 60
    taken = slots.taken  # a browser test's stream may still be finishing
    # From a cursor, as a page's stream starts (data-live): what is published once the hub
    # says the stream listens is after it, whichever thread runs first.
    anna_after, bo_after = live.latest_id(anna.pk), live.latest_id(bo.pk)
    anna_stream = Listener(_web(anna).get("/live/events", {"after": anna_after})).start()
    bo_stream = Listener(_web(bo).get("/live/events", {"after": bo_after})).start()
    assert hub.wait_for_listener(anna.pk, timeout=10)
    assert hub.wait_for_listener(bo.pk, timeout=10)
    live.publish([anna.pk], "hello", {"to": "anna"})  # no transaction: sent at once
    frame = anna_stream.next_event()
    assert frame is not None and frame.event == "hello" and json.loads(frame.data) == {"to": "anna"}
    live.publish([bo.pk], "hello", {"to": "bo"})
    frame = bo_stream.next_event()
    assert frame is not None and json.loads(frame.data) == {"to": "bo"}
    assert anna_stream.next_event() is None  # anna's stream ended (client gone), saw no more
    assert bo_stream.next_event() is None
    assert hub.listening(anna.pk) == 0 and slots.taken <= taken
