"""Adding people to a group and removing them: who may, who lands where (active or a
message request, by the rules of starting a conversation), every refusal, and what a
removed member keeps (nothing new). The "Seen" line's rules are here too."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crossnote import live
from crossnote.accounts.models import User
from crossnote.messaging.models import MAX_MEMBERS, Membership
from crossnote.messaging.queries import seen_line, with_people
from tests.live.conftest import events_of, read_stream
from tests.messaging.conftest import assert_error, bodies, browser, send, start


@pytest.fixture(autouse=True)
def _short_streams(settings):
    settings.CROSSNOTE_LIVE_STREAM_SECONDS = 0  # a stream sends what waits, then ends


@pytest.fixture
def group(friends, make_user):
    """ann's group "Trip" with bo (they follow each other) and cy (who follows ann);
    dee follows ann and is in no group yet; eve knows nobody. Returns a dict of
    name -> (user, api client) and the group's id under "cid"."""
    ann, ann_api, bo, bo_api = friends
    people = {"ann": (ann, ann_api), "bo": (bo, bo_api)}
    for name in ("cy", "dee", "eve"):
        people[name] = make_user(name)
    for name in ("cy", "dee"):
        assert people[name][1].post("/users/ann/follow").status_code == 200
    made = start(ann_api, "bo", "cy", title="Trip", body="hello all")
    assert made.status_code == 201, made.content
    people["cid"] = made.json()["id"]
    return people


def _add(client, cid, *names):
    return client.post(f"/conversations/{cid}/members", {"usernames": list(names)})


def _remove(client, cid, name):
    return client.delete(f"/conversations/{cid}/members/{name}")


def _state(cid, name):
    return Membership.objects.get(conversation_id=cid, user__username=name).state


def _events(user, since):
    status, frames = read_stream(browser(user), data={"after": since})
    assert status == 200
    return [(e.event, json.loads(e.data)) for e in events_of(frames)]


def test_a_member_adds_people_who_know_them_and_strangers_get_a_request(group):
    cid, bo_api = group["cid"], group["bo"][1]
    # dee follows ann, not bo: from bo, she gets a request; ann knows her: active.
    added = _add(bo_api, cid, "dee", "eve")
    assert added.status_code == 200, added.content
    people = {p["username"]: p["state"] for p in added.json()["people"]}
    assert people == {"ann": "active", "cy": "active", "dee": "request", "eve": "request"}
    assert _state(cid, "dee") == "request" and _state(cid, "eve") == "request"
    # A request is read before choosing; after accepting, they write.
    dee_api = group["dee"][1]
    assert bodies(dee_api, cid) == ["hello all"]
    assert_error(send(dee_api, cid, "hi"), 409, "accept_first")
    assert dee_api.post(f"/conversations/{cid}/accept").status_code == 200
    assert send(dee_api, cid, "hi").status_code == 201


def test_adding_someone_already_in_changes_nothing_and_a_follower_joins_active(group):
    cid, ann_api = group["cid"], group["ann"][1]
    assert _add(ann_api, cid, "bo", "dee").status_code == 200
    assert _state(cid, "dee") == "active" and _state(cid, "bo") == "active"
    assert Membership.objects.filter(conversation_id=cid).count() == 4


def test_everyone_in_the_group_hears_who_joined(group):
    cid, ann_api = group["cid"], group["ann"][1]
    users = {n: group[n][0] for n in ("bo", "cy", "dee", "eve")}
    since = {n: live.latest_id(u.pk) for n, u in users.items()}
    assert _add(ann_api, cid, "dee").status_code == 200
    changed = ("conversation_changed", {"conversation_id": cid})
    for name in ("bo", "cy", "dee"):
        assert changed in _events(users[name], since[name]), name
    assert changed not in _events(users["eve"], since["eve"])


def test_adding_is_refused_with_a_reason(group, make_user):
    cid, ann_api, bo_api = group["cid"], group["ann"][1], group["bo"][1]
    _eve, eve_api = group["eve"]
    # Unknown name, nobody named.
    assert_error(_add(ann_api, cid, "nobody"), 404, "person_not_found")
    assert_error(_add(ann_api, cid, "ann"), 400, "no_recipients")
    # Someone the adder blocked, and someone who blocked the adder: as if not there.
    assert ann_api.post("/users/eve/block").status_code == 200
    assert_error(_add(ann_api, cid, "eve"), 404, "person_not_found")
    assert eve_api.post("/users/bo/block").status_code == 200
    assert_error(_add(bo_api, cid, "eve"), 404, "person_not_found")
    # A suspended person cannot be added; a suspended member cannot add.
    dee = group["dee"][0]
    User.objects.filter(pk=dee.pk).update(suspended_until=timezone.now() + timedelta(days=1))
    assert_error(_add(bo_api, cid, "dee"), 403, "person_suspended")
    User.objects.filter(pk=dee.pk).update(suspended_until=None)
    bo = group["bo"][0]
    User.objects.filter(pk=bo.pk).update(suspended_until=timezone.now() + timedelta(days=1))
    assert_error(_add(bo_api, cid, "dee"), 403, "suspended")
    User.objects.filter(pk=bo.pk).update(suspended_until=None)
    # A private account that does not know the adder.
    _fay, fay_api = make_user("fay")
    assert fay_api.patch("/me", {"is_private": True}).status_code == 200
    assert_error(_add(bo_api, cid, "fay"), 403, "private_account")
    # Not a member: the group is not there for them.
    assert_error(_add(eve_api, cid, "dee"), 404, "not_found")
    # A one-to-one conversation has no members to add.
    direct = start(ann_api, "bo").json()["id"]
    assert_error(_add(ann_api, direct, "dee"), 400, "not_a_group")
    # Someone who has not accepted the group yet.
    assert _add(bo_api, cid, "dee").status_code == 200
    assert _state(cid, "dee") == "request"
    assert_error(_add(group["dee"][1], cid, "cy"), 409, "accept_first")
    # An empty list is refused by the schema.
    assert ann_api.post(f"/conversations/{cid}/members", {"usernames": []}).status_code in (
        400,
        422,
    )
    assert Membership.objects.filter(conversation_id=cid, user__username="fay").count() == 0


def test_a_group_has_at_most_32_people(group, make_user):
    cid, ann_api = group["cid"], group["ann"][1]
    names = []
    for i in range(MAX_MEMBERS - 3):  # ann, bo, cy are in
        user = User.objects.create_user(username=f"p{i}", password="x" * 12)
        names.append(user.username)
    assert _add(ann_api, cid, *names[:-1]).status_code == 200
    assert_error(_add(ann_api, cid, names[-1], "dee"), 400, "too_many_members")
    assert _add(ann_api, cid, names[-1]).status_code == 200
    assert Membership.objects.filter(conversation_id=cid).count() == MAX_MEMBERS


def test_the_creator_removes_a_member_who_then_reads_nothing_new(group):
    cid, ann_api, bo_api = group["cid"], group["ann"][1], group["bo"][1]
    cy, cy_api = group["cy"]
    since = {n: live.latest_id(group[n][0].pk) for n in ("bo", "cy")}
    assert _remove(ann_api, cid, "cy").status_code == 200
    assert _state(cid, "cy") == "left"
    changed = ("conversation_changed", {"conversation_id": cid})
    assert changed in _events(group["bo"][0], since["bo"])
    assert changed in _events(cy, since["cy"])  # their open page leaves the group
    since_cy = live.latest_id(cy.pk)
    assert send(bo_api, cid, "after cy left").status_code == 201
    assert not [e for e, _ in _events(cy, since_cy) if e == "message"]
    assert_error(cy_api.get(f"/conversations/{cid}/messages"), 404, "not_found")
    assert_error(send(cy_api, cid, "still here?"), 404, "not_found")
    people = [p["username"] for p in ann_api.get(f"/conversations/{cid}").json()["people"]]
    assert people == ["bo"]
    # Added again later, they are back (a former member's row is reused).
    assert _add(ann_api, cid, "cy").status_code == 200
    assert _state(cid, "cy") == "active"


def test_removing_is_refused_with_a_reason(group):
    cid, ann_api, bo_api = group["cid"], group["ann"][1], group["bo"][1]
    eve_api = group["eve"][1]
    assert_error(_remove(bo_api, cid, "cy"), 403, "not_group_admin")
    assert_error(_remove(ann_api, cid, "ann"), 400, "leave_instead")
    assert_error(_remove(ann_api, cid, "eve"), 404, "member_not_found")
    assert_error(_remove(ann_api, cid, "nobody"), 404, "person_not_found")
    assert_error(_remove(eve_api, cid, "bo"), 404, "not_found")
    direct = start(ann_api, "bo").json()["id"]
    assert_error(_remove(ann_api, direct, "bo"), 400, "not_a_group")
    assert _state(cid, "cy") == "active" and _state(cid, "bo") == "active"


def test_when_the_creator_leaves_the_longest_member_may_remove(group):
    cid, ann_api, bo_api = group["cid"], group["ann"][1], group["bo"][1]
    cy_api = group["cy"][1]
    assert ann_api.post(f"/conversations/{cid}/leave").status_code == 200
    assert_error(_remove(cy_api, cid, "bo"), 403, "not_group_admin")
    assert _remove(bo_api, cid, "cy").status_code == 200
    assert _state(cid, "cy") == "left"


def test_a_member_leaves_and_the_others_hear_it(group):
    cid, cy_api = group["cid"], group["cy"][1]
    bo = group["bo"][0]
    since = live.latest_id(bo.pk)
    assert cy_api.post(f"/conversations/{cid}/leave").status_code == 200
    assert ("conversation_changed", {"conversation_id": cid}) in _events(bo, since)


# "Seen": how far others read, for the viewer's own messages.


def _seen(user, cid):
    membership = Membership.objects.select_related("conversation").get(
        conversation_id=cid, user=user
    )
    with_people(user, [membership])
    return seen_line(user, membership)


def test_seen_names_who_read_the_latest_of_ones_messages(group):
    cid = group["cid"]
    ann, ann_api = group["ann"]
    assert _seen(ann, cid) is None
    group["bo"][1].post(f"/conversations/{cid}/read")
    line = _seen(ann, cid)
    first = Membership.objects.get(conversation_id=cid, user=ann).conversation.last_message_id
    assert line.message_id == first and [p.username for p in line.people] == ["bo"]
    assert not line.everyone
    group["cy"][1].post(f"/conversations/{cid}/read")
    assert _seen(ann, cid).everyone
    # A newer message nobody read yet: the line stays under the one they read.
    send(ann_api, cid, "anyone?")
    assert _seen(ann, cid).message_id == first


def test_receipts_off_neither_send_nor_see(group):
    cid = group["cid"]
    ann, ann_api = group["ann"]
    _bo, bo_api = group["bo"]
    # bo's receipts off: his reading is not shown, and nobody hears it.
    bo_api.patch(f"/conversations/{cid}", {"read_receipts": False})
    since = live.latest_id(ann.pk)
    bo_api.post(f"/conversations/{cid}/read")
    assert _seen(ann, cid) is None
    assert "message_read" not in [e for e, _ in _events(ann, since)]
    # ann's receipts off: she sees nobody's, and is not told when cy reads.
    ann_api.patch(f"/conversations/{cid}", {"read_receipts": False})
    since = live.latest_id(ann.pk)
    group["cy"][1].post(f"/conversations/{cid}/read")
    assert _seen(ann, cid) is None
    assert "message_read" not in [e for e, _ in _events(ann, since)]
    people = ann_api.get(f"/conversations/{cid}").json()["people"]
    assert {p["username"]: p["last_read_id"] for p in people} == {"bo": None, "cy": None}
    ann_api.patch(f"/conversations/{cid}", {"read_receipts": True})
    assert [p.username for p in _seen(ann, cid).people] == ["cy"]


def test_a_request_read_sends_no_receipt(friends, make_user):
    ann, ann_api, _bo, _bo_api = friends
    _eve, eve_api = make_user("eve")
    cid = start(ann_api, "eve", body="hi eve").json()["id"]
    since = live.latest_id(ann.pk)
    assert eve_api.post(f"/conversations/{cid}/read").status_code == 200
    assert "message_read" not in [e for e, _ in _events(ann, since)]
    assert _seen(ann, cid) is None


def test_seen_leaves_out_people_blocked_in_a_group(group):
    cid = group["cid"]
    ann = group["ann"][0]
    group["bo"][1].post(f"/conversations/{cid}/read")
    group["bo"][1].post("/users/ann/block")
    assert _seen(ann, cid) is None


def test_the_seen_line_is_a_fixed_number_of_queries(group):
    cid = group["cid"]
    ann = group["ann"][0]
    group["bo"][1].post(f"/conversations/{cid}/read")
    page = browser(ann)
    assert page.get(f"/messages/{cid}/seen").status_code == 200  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = page.get(f"/messages/{cid}/seen")
    assert response.status_code == 200 and b"Seen by" in response.content
    # session, user, membership, people, blocks (a group), the message; the page context's
    # notification and message counts
    assert len(queries) == 8, [q["sql"] for q in queries]


def test_someone_just_added_has_seen_nothing_yet(group):
    cid = group["cid"]
    ann, ann_api = group["ann"]
    assert _add(ann_api, cid, "dee").status_code == 200
    assert _seen(ann, cid) is None
    group["dee"][1].post(f"/conversations/{cid}/read")
    assert [p.username for p in _seen(ann, cid).people] == ["dee"]
