"""Messages reach the open clients of the people who may read them, over the live channel
(on whichever profile the suite runs), and nobody else's."""

from __future__ import annotations

import json

import pytest

from crossnote import live
from tests.live.conftest import events_of, read_stream
from tests.messaging.conftest import browser, send, start


@pytest.fixture(autouse=True)
def _short_streams(settings):
    settings.CROSSNOTE_LIVE_STREAM_SECONDS = 0  # a stream sends what waits, then ends


def _events(user, since):
    status, frames = read_stream(browser(user), data={"after": since})
    assert status == 200
    return [(e.event, json.loads(e.data)) for e in events_of(frames)]


def test_a_message_reaches_the_other_persons_stream_with_the_unread_count(friends):
    ann, ann_api, bo, bo_api = friends
    cid = start(ann_api, "bo").json()["id"]
    since = live.latest_id(bo.pk)
    sent = send(ann_api, cid, "are you coming?").json()
    events = _events(bo, since)
    message = next(data for name, data in events if name == "message")
    assert message["message_id"] == sent["id"] and message["body"] == "are you coming?"
    assert message["conversation_id"] == cid and message["sender"] == "ann"
    assert message["unread"] == {"unread": 1, "requests": 0}  # for bo's badge
    # Read elsewhere (the API): the page's badge hears the new count.
    since = live.latest_id(bo.pk)
    bo_api.post(f"/conversations/{cid}/read")
    assert ("messages.unread", {"unread": 0, "requests": 0}) in _events(bo, since)
    # The sender's other tabs hear it too (without counts), and that bo has read it.
    mine = [data for name, data in _events(ann, "0") if name == "message"]
    assert [m["message_id"] for m in mine] == [sent["id"]] and "unread" not in mine[0]
    assert any(name == "message_read" for name, _ in _events(ann, "0"))


def test_the_api_stream_carries_them_too(friends):
    _ann, ann_api, bo, bo_api = friends
    cid = start(ann_api, "bo").json()["id"]
    since = live.latest_id(bo.pk)
    send(ann_api, cid, "hi")
    status, frames = read_stream(
        bo_api.client,
        "/api/v1/live/events",
        data={"after": since},
        headers={"Authorization": f"Bearer {bo_api.token}"},
    )
    assert status == 200 and "message" in [f.event for f in events_of(frames)]


def test_nobody_else_hears_and_a_block_stops_delivery(friends, make_user):
    _ann, ann_api, bo, bo_api = friends
    cy, _ = make_user("cy")
    cid = start(ann_api, "bo").json()["id"]
    since = {u.pk: live.latest_id(u.pk) for u in (bo, cy)}
    send(ann_api, cid, "hi")
    assert _events(cy, since[cy.pk]) == []
    bo_api.post("/users/ann/block")
    since[bo.pk] = live.latest_id(bo.pk)
    assert send(ann_api, cid, "still there?").status_code == 404
    assert [n for n, _ in _events(bo, since[bo.pk]) if n == "message"] == []


def test_in_a_group_a_member_who_blocked_the_sender_hears_nothing(make_user):
    ann, ann_api = make_user("ann")
    _bo, bo_api = make_user("bo")
    cy, cy_api = make_user("cy")
    for client in (bo_api, cy_api):
        client.post("/users/ann/follow")
    cid = start(ann_api, "bo", "cy", body="hello group").json()["id"]
    cy_api.post("/users/bo/block")
    since = {u.pk: live.latest_id(u.pk) for u in (ann, cy)}
    send(bo_api, cid, "from bo")
    assert [d["body"] for n, d in _events(ann, since[ann.pk]) if n == "message"] == ["from bo"]
    assert [n for n, _ in _events(cy, since[cy.pk]) if n == "message"] == []


def test_a_photo_being_ready_and_reactions_are_told(friends):
    from tests.messaging.conftest import send_photo

    _ann, ann_api, bo, bo_api = friends
    cid = start(ann_api, "bo").json()["id"]
    since = live.latest_id(bo.pk)
    sent = send_photo(ann_api, cid).json()
    changed = [d for n, d in _events(bo, since) if n == "message_changed"]
    assert changed == [{"conversation_id": cid, "message_id": sent["id"]}]
    since = live.latest_id(bo.pk)
    ann_api.put(f"/conversations/{cid}/messages/{sent['id']}/reaction", {"emoji": "🎉"})
    assert any(n == "message_changed" for n, _ in _events(bo, since))
    assert bo_api


def test_a_long_message_travels_cut_and_says_so(friends):
    _ann, ann_api, bo, _bo_api = friends
    cid = start(ann_api, "bo").json()["id"]
    since = live.latest_id(bo.pk)
    send(ann_api, cid, "😀" * 2000)
    message = next(d for n, d in _events(bo, since) if n == "message")
    assert message["truncated"] and len(message["body"]) == 1000


def test_typing_is_told_to_the_others_only_and_never_stored(friends, make_user):
    ann, ann_api, bo, bo_api = friends
    cid = start(ann_api, "bo").json()["id"]
    since = {u.pk: live.latest_id(u.pk) for u in (ann, bo)}
    assert bo_api.post(f"/conversations/{cid}/typing").status_code == 200
    assert _events(ann, since[ann.pk]) == [("typing", {"conversation_id": cid, "username": "bo"})]
    assert _events(bo, since[bo.pk]) == []
    # Someone who has not accepted a request says nothing.
    _cat, cat_api = make_user("cat")
    request = start(cat_api, "ann", body="hi").json()["id"]
    since = live.latest_id(ann.pk)
    since_cat = live.latest_id(_cat.pk)
    assert ann_api.post(f"/conversations/{request}/typing").status_code == 200
    assert _events(_cat, since_cat) == []
    assert since
