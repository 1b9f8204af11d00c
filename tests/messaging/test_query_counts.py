"""A page of 50 messages costs a fixed number of queries, however much each message
carries (photo, reply, shared note, reactions), in the style of tests/test_query_counts.py.
When one fails, pytest prints the SQL that ran."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.messaging.conftest import send, send_photo, start


@pytest.fixture
def busy(friends, make_user, post_note):
    """60 messages between ann and bo: photos, replies, shared notes, reactions, in both
    languages; cy, a third person, in a group with them too."""
    _ann, ann_api, _bo, bo_api = friends
    note = post_note(ann_api, "a note to share")
    cid = start(ann_api, "bo").json()["id"]
    previous = None
    for i in range(60):
        client = ann_api if i % 2 else bo_api
        if i % 10 == 0:
            made = send_photo(client, cid, f"photo {i}")
        elif i % 7 == 0:
            made = send(client, cid, "", shared_note_id=note["id"])
        else:
            text = f"message {i}" if i % 3 else f"第{i}条消息，我们去吃火锅"
            made = send(client, cid, text, reply_to_id=previous)
        assert made.status_code == 201, made.content
        previous = made.json()["id"]
        other = bo_api if client is ann_api else ann_api
        other.put(f"/conversations/{cid}/messages/{previous}/reaction", {"emoji": "❤️"})
    return cid, bo_api


def _count(client, path, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **query)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def test_a_page_of_50_messages_is_one_query(busy):
    cid, bo_api = busy
    # token, the membership (with the block check), the messages with everything they show
    count, page = _count(bo_api, f"/conversations/{cid}/messages")
    assert len(page["items"]) == 50
    assert count == 3, count


def test_translated_it_adds_the_stored_translations(busy):
    cid, bo_api = busy
    bo_api.patch(f"/conversations/{cid}", {"translate": True})
    _count(bo_api, f"/conversations/{cid}/messages")  # translates and stores them once
    count, page = _count(bo_api, f"/conversations/{cid}/messages")
    assert sum(1 for m in page["items"] if m["translation"]) > 10
    assert count == 4, count  # + the stored translations, one query for the page


def test_the_conversation_list_and_unread_counts(busy, make_user):
    cid, bo_api = busy
    for i in range(5):
        _p, p_api = make_user(f"p{i}")
        p_api.post("/users/bo/follow")
        start(p_api, "bo", "ann", body="group hello")
    # token, memberships with their last message, the other members
    count, page = _count(bo_api, "/conversations")
    assert len(page["items"]) == 6 and count == 3, count
    count, _ = _count(bo_api, "/messages/unread")
    assert count == 2, count  # token, one aggregate
    assert cid
