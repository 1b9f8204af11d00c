"""Who may write to whom: people you know write directly, strangers land in message
requests (accept, decline, report), private accounts take no requests, blocks end a
conversation both ways at once, suspended people cannot start one, limits, the nudge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.messaging.models import Conversation, Membership, Message, MessageReport
from tests.messaging.conftest import assert_error, bodies, send, start


def _ids(client, **query):
    response = client.get("/conversations", **query)
    assert response.status_code == 200, response.content
    return [c["id"] for c in response.json()["items"]]


def test_people_who_follow_each_other_write_directly(friends):
    _ann, ann_api, _bo, bo_api = friends
    made = start(ann_api, "bo", body="hi bo")
    assert made.status_code == 201, made.content
    cid = made.json()["id"]
    assert made.json()["kind"] == "direct" and made.json()["state"] == "active"
    assert _ids(bo_api) == [cid] and _ids(bo_api, requests=True) == []
    assert bo_api.get("/messages/unread").json() == {"unread": 1, "requests": 0}
    assert send(bo_api, cid, "hi ann").status_code == 201
    assert bodies(ann_api, cid) == ["hi ann", "hi bo"]
    # The same two people have one conversation, whoever starts it.
    assert start(bo_api, "ann").json()["id"] == cid


@pytest.mark.parametrize("who_follows", ["recipient", "sender"])
def test_one_follow_either_way_is_enough(make_user, who_follows):
    _ann, ann_api = make_user("ann")
    _bo, bo_api = make_user("bo")
    follower = bo_api if who_follows == "recipient" else ann_api
    follower.post("/users/ann/follow" if who_follows == "recipient" else "/users/bo/follow")
    cid = start(ann_api, "bo", body="hello").json()["id"]
    assert _ids(bo_api) == [cid]


def test_a_stranger_lands_in_message_requests_and_may_be_accepted(make_user):
    _ann, ann_api = make_user("ann")
    _cat, cat_api = make_user("cat")
    cid = start(cat_api, "ann", body="hi, love your notes").json()["id"]
    assert _ids(ann_api) == [] and _ids(ann_api, requests=True) == [cid]
    assert ann_api.get("/messages/unread").json() == {"unread": 0, "requests": 1}
    # She reads it before choosing, but cannot reply before accepting.
    assert bodies(ann_api, cid) == ["hi, love your notes"]
    assert_error(send(ann_api, cid, "hi"), 409, "accept_first")
    # The sender may go on writing meanwhile.
    assert send(cat_api, cid, "are you there?").status_code == 201
    assert ann_api.post(f"/conversations/{cid}/accept").status_code == 200
    assert _ids(ann_api) == [cid] and _ids(ann_api, requests=True) == []
    assert send(ann_api, cid, "yes!").status_code == 201
    assert bodies(cat_api, cid) == ["yes!", "are you there?", "hi, love your notes"]


def test_a_declined_request_disappears_and_the_sender_is_not_told(make_user):
    _ann, ann_api = make_user("ann")
    _cat, cat_api = make_user("cat")
    cid = start(cat_api, "ann", body="buy followers").json()["id"]
    assert ann_api.post(f"/conversations/{cid}/decline").status_code == 200
    assert _ids(ann_api, requests=True) == [] and _ids(ann_api) == []
    assert_error(ann_api.get(f"/conversations/{cid}/messages"), 404, "not_found")
    assert ann_api.get("/messages/unread").json() == {"unread": 0, "requests": 0}
    # Nothing changes for the sender.
    assert send(cat_api, cid, "hello?").status_code == 201
    assert _ids(cat_api) == [cid]
    assert_error(ann_api.post(f"/conversations/{cid}/decline"), 404, "not_found")


def test_declining_is_for_requests_only(friends):
    _ann, ann_api, _bo, bo_api = friends
    cid = start(ann_api, "bo", body="hi").json()["id"]
    assert_error(bo_api.post(f"/conversations/{cid}/decline"), 409, "not_a_request")


def test_a_reported_request_is_declined_and_reaches_moderators(make_user, moderator):
    ann, ann_api = make_user("ann")
    cat, cat_api = make_user("cat")
    cid = start(cat_api, "ann", body="send me money").json()["id"]
    mid = Message.objects.get(conversation_id=cid).pk
    reported = ann_api.post(
        f"/conversations/{cid}/report",
        {"message_ids": [mid], "reason": "spam", "block": True},
    )
    assert reported.status_code == 201, reported.content
    assert Membership.objects.get(conversation_id=cid, user=ann).state == "declined"
    assert MessageReport.objects.get().reporter == ann
    # Blocked in the same step: the conversation is over for both.
    assert_error(send(cat_api, cid, "hello?"), 404, "not_found")
    queue = moderator[1].get("/moderation/message-reports").json()
    assert [[m["body"] for m in r["messages"]] for r in queue] == [["send me money"]]
    assert queue[0]["reporter"] == "ann" and cat.username == "cat"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"message_ids": [], "reason": "spam"}, "invalid_messages"),
        ({"message_ids": [999999], "reason": "spam"}, "invalid_messages"),
        ({"message_ids": ["own"], "reason": "spam"}, "invalid_messages"),
        ({"message_ids": ["theirs"], "reason": "bored"}, "invalid_reason"),
        ({"message_ids": ["theirs"], "reason": "spam", "text": "x" * 1001}, "report_too_long"),
    ],
)
def test_bad_reports_are_refused_and_store_nothing(friends, body, code):
    _ann, ann_api, _bo, bo_api = friends
    cid = start(ann_api, "bo", body="mine").json()["id"]
    theirs = send(bo_api, cid, "theirs").json()["id"]
    own = Message.objects.get(body="mine").pk
    chosen = [{"own": own, "theirs": theirs}.get(i, i) for i in body["message_ids"]]
    body = {**body, "message_ids": chosen}
    assert_error(ann_api.post(f"/conversations/{cid}/report", body), 400, code)
    assert not MessageReport.objects.exists()


def test_a_private_account_takes_no_requests(make_user):
    _ann, ann_api = make_user("ann")
    _cat, cat_api = make_user("cat")
    assert ann_api.patch("/me", {"is_private": True}).status_code == 200
    assert_error(start(cat_api, "ann", body="hi"), 403, "private_account")
    assert not Conversation.objects.exists()
    # An approved follower writes directly, and so does someone she follows.
    assert cat_api.post("/users/ann/follow").json() == {"status": "requested"}
    assert_error(start(cat_api, "ann", body="hi"), 403, "private_account")
    assert ann_api.post("/me/follow-requests/cat/approve").status_code == 200
    made = start(cat_api, "ann", body="hi")
    assert made.status_code == 201
    assert _ids(ann_api) == [made.json()["id"]]


def test_a_block_ends_a_conversation_both_ways_at_once(friends):
    ann, ann_api, bo, bo_api = friends
    cid = start(ann_api, "bo", body="hi").json()["id"]
    send(bo_api, cid, "hello")
    assert bo_api.post("/users/ann/block").status_code == 200
    for client in (ann_api, bo_api):
        assert _ids(client) == []
        assert_error(client.get(f"/conversations/{cid}/messages"), 404, "not_found")
        assert_error(send(client, cid, "still there?"), 404, "not_found")
        assert client.get("/messages/unread").json()["unread"] == 0
    assert_error(start(ann_api, "bo", body="hi"), 404, "person_not_found")
    assert Message.objects.count() == 2
    # Unblocking brings the conversation back, history included.
    assert bo_api.delete("/users/ann/block").status_code == 200
    assert bodies(ann_api, cid) == ["hello", "hi"]
    assert ann.pk != bo.pk


def test_in_a_group_a_block_hides_the_blocked_persons_messages_only(make_user):
    _ann, ann_api = make_user("ann")
    _bo, bo_api = make_user("bo")
    _cy, cy_api = make_user("cy")
    for client, others in ((ann_api, ("bo", "cy")), (bo_api, ("ann",)), (cy_api, ("ann",))):
        for name in others:
            client.post(f"/users/{name}/follow")
    cid = start(ann_api, "bo", "cy", title="Trip", body="plan?").json()["id"]
    send(bo_api, cid, "from bo")
    send(cy_api, cid, "from cy")
    assert cy_api.post("/users/bo/block").status_code == 200
    assert bodies(cy_api, cid) == ["from cy", "plan?"]
    assert bodies(bo_api, cid) == ["from bo", "plan?"]
    assert bodies(ann_api, cid) == ["from cy", "from bo", "plan?"]


def test_a_suspended_person_can_neither_start_nor_send(friends, make_user):
    ann, ann_api, _bo, _bo_api = friends
    _cy, cy_api = make_user("cy")
    cy_api.post("/users/ann/follow")
    cid = start(ann_api, "bo", body="hi").json()["id"]
    User.objects.filter(pk=ann.pk).update(suspended_until=timezone.now() + timedelta(days=1))
    assert_error(start(ann_api, "cy", body="hi"), 403, "suspended")
    assert_error(send(ann_api, cid, "hi again"), 403, "suspended")
    assert Message.objects.count() == 1 and Conversation.objects.count() == 1


def test_nobody_starts_a_conversation_with_a_suspended_person(friends):
    """The same rule as adding them to a group (messaging.actions._joining_state)."""
    _ann, ann_api, bo, _bo_api = friends
    User.objects.filter(pk=bo.pk).update(suspended_until=timezone.now() + timedelta(days=1))
    assert_error(start(ann_api, "bo", body="hi"), 403, "person_suspended")
    assert not Conversation.objects.exists() and not Message.objects.exists()


def test_the_nudge_asks_before_unkind_words_go_out(friends):
    _ann, ann_api, _bo, _bo_api = friends
    cid = start(ann_api, "bo").json()["id"]
    refused = send(ann_api, cid, "you idiot")
    assert_error(refused, 409, "are_you_sure")
    assert "确定" in refused.json()["message"] and "/guidelines" in refused.json()["message"]
    assert not Message.objects.exists()
    assert send(ann_api, cid, "you idiot", confirm=True).status_code == 201


def test_new_accounts_start_fewer_conversations(make_user, settings):
    settings.CROSSNOTE_RATE_LIMITS = True
    _ann, ann_api = make_user("ann")
    for i in range(6):
        make_user(f"p{i}")
    for i in range(5):
        assert start(ann_api, f"p{i}", body="hi").status_code == 201
    refused = start(ann_api, "p5", body="hi")
    assert_error(refused, 429, "rate_limited")
    assert refused["Retry-After"]
    assert Conversation.objects.count() == 5


def test_new_accounts_send_fewer_messages(friends, settings):
    ann, ann_api, _bo, _bo_api = friends
    cid = start(ann_api, "bo").json()["id"]
    settings.CROSSNOTE_RATE_LIMITS = True
    for i in range(60):
        assert send(ann_api, cid, f"m{i}").status_code == 201
    assert_error(send(ann_api, cid, "one more"), 429, "rate_limited")
    User.objects.filter(pk=ann.pk).update(date_joined=timezone.now() - timedelta(days=10))
    assert send(ann_api, cid, "one more").status_code == 201


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"usernames": []}, 400, "no_recipients"),
        ({"usernames": ["ann"]}, 400, "no_recipients"),
        ({"usernames": ["nobody"]}, 404, "person_not_found"),
        ({"usernames": ["bo"], "title": "x"}, 201, None),
        ({"usernames": ["bo", "cy"], "title": "t" * 61}, 400, "title_too_long"),
        ({"usernames": "bo"}, 422, "invalid_input"),
    ],
)
def test_bad_starts_are_refused(friends, make_user, body, status, code):
    _ann, ann_api, _bo, _bo_api = friends
    make_user("cy")
    response = ann_api.post("/conversations", body)
    if code is None:
        assert response.status_code == status
    else:
        assert_error(response, status, code)
        assert not Conversation.objects.exists()


def test_a_group_has_at_most_32_people(make_user):
    _ann, ann_api = make_user("ann")
    names = [make_user(f"g{i}")[0].username for i in range(32)]
    assert_error(start(ann_api, *names), 400, "too_many_members")
    made = start(ann_api, *names[:31], title="Big")
    assert made.status_code == 201
    assert Membership.objects.filter(conversation_id=made.json()["id"]).count() == 32


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"body": ""}, "empty_message"),
        ({"body": "   \u200b "}, "empty_message"),
        ({"body": "x" * 2001}, "message_too_long"),
        ({"body": "hi", "reply_to_id": 999999}, "message_not_found"),
        ({"shared_note_id": 999999}, "not_found"),
    ],
)
def test_bad_messages_are_refused_and_store_nothing(friends, body, code):
    _ann, ann_api, _bo, _bo_api = friends
    cid = start(ann_api, "bo").json()["id"]
    response = ann_api.post(f"/conversations/{cid}/messages", body)
    assert_error(response, 404 if "not_found" in code else 400, code)
    assert not Message.objects.exists()
