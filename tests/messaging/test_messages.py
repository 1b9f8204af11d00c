"""What a message carries: photos (members only), shared notes, replies, reactions, read
receipts, unread counts, translation for one member alone, and paging."""

from __future__ import annotations

from crossnote.messaging.models import Membership, Message, Reaction
from crossnote.translation.models import Translation
from tests.messaging.conftest import assert_error, bodies, browser, send, send_photo, start


def test_a_photo_is_made_and_reaches_members_only(friends, make_user, post_note):
    ann, ann_api, bo, bo_api = friends
    cy, _cy_api = make_user("cy")
    cid = start(ann_api, "bo").json()["id"]
    sent = send_photo(ann_api, cid, "look")
    assert sent.status_code == 201, sent.content
    listed = bo_api.get(f"/conversations/{cid}/messages").json()["items"][0]
    assert listed["body"] == "look" and listed["photo"]["state"] == "ready"
    url = listed["photo"]["full_url"]
    for member in (ann, bo):
        response = browser(member).get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-cache"
    assert (
        bo_api.client.get(url, headers={"Authorization": f"Bearer {bo_api.token}"}).status_code
        == 200
    )
    for outsider in (None, cy):
        assert browser(outsider).get(url).status_code == 404


def test_a_bad_photo_is_refused_and_stores_nothing(friends):
    from tests import images

    _ann, ann_api, _bo, _bo_api = friends
    cid = start(ann_api, "bo").json()["id"]
    data = {"photo": images.upload(b"not an image at all", "x.jpg")}
    assert_error(
        ann_api.call("POST", f"/conversations/{cid}/photos", data=data), 415, "not_an_image"
    )
    assert not Message.objects.exists()


def test_a_shared_note_shows_only_to_those_who_may_read_it(friends, make_user, post_note):
    _ann, ann_api, _bo, bo_api = friends
    note = post_note(ann_api, "for followers", visibility="followers")
    cid = start(ann_api, "bo").json()["id"]
    assert send(ann_api, cid, "", shared_note_id=note["id"]).status_code == 201
    shown = bo_api.get(f"/conversations/{cid}/messages").json()["items"][0]
    assert shown["shared_note"]["id"] == note["id"] and not shown["shared_note_unavailable"]
    assert bo_api.delete("/users/ann/follow").status_code == 200
    shown = bo_api.get(f"/conversations/{cid}/messages").json()["items"][0]
    assert shown["shared_note"] is None and shown["shared_note_unavailable"]


def test_a_send_answers_with_the_message_as_its_sender_reads_it_back(friends, post_note):
    """The answer is built from what check_send already has (messaging.queries.as_sent):
    it must be what the listing shows the sender, field for field."""
    _ann, ann_api, _bo, bo_api = friends
    note = post_note(ann_api, "for followers", visibility="followers")
    cid = start(ann_api, "bo", body="dinner?").json()["id"]
    first = Message.objects.get().pk
    sent = [
        (ann_api, send(ann_api, cid, "plain 你好")),
        (ann_api, send(ann_api, cid, "look", shared_note_id=note["id"])),
        (ann_api, send(ann_api, cid, "yes", reply_to_id=first)),
        (bo_api, send(bo_api, cid, "shared by bo", shared_note_id=note["id"])),
    ]
    for api, answer in sent:
        assert answer.status_code == 201, answer.content
        listed = api.get(f"/conversations/{cid}/messages").json()["items"]
        assert answer.json() == next(m for m in listed if m["id"] == answer.json()["id"])


def test_one_cannot_share_a_note_one_may_not_read(friends, make_user, post_note):
    _ann, ann_api, _bo, _bo_api = friends
    _cy, cy_api = make_user("cy")
    private = post_note(cy_api, "mine", visibility="private")
    cid = start(ann_api, "bo").json()["id"]
    assert_error(send(ann_api, cid, "", shared_note_id=private["id"]), 404, "not_found")


def test_replies_and_reactions(friends):
    _ann, ann_api, bo, bo_api = friends
    cid = start(ann_api, "bo", body="dinner?").json()["id"]
    first = Message.objects.get().pk
    reply = send(bo_api, cid, "yes", reply_to_id=first)
    assert reply.json()["reply_to_id"] == first and reply.json()["reply_to_excerpt"] == "dinner?"
    url = f"/conversations/{cid}/messages/{first}/reaction"
    assert bo_api.put(url, {"emoji": "❤️"}).json() == {"reactions": {"❤️": 1}, "my_reaction": "❤️"}
    assert ann_api.put(url, {"emoji": "❤️"}).json()["reactions"] == {"❤️": 2}
    assert bo_api.put(url, {"emoji": "🔥"}).json()["reactions"] == {"❤️": 1, "🔥": 1}
    assert_error(bo_api.put(url, {"emoji": "💩"}), 400, "invalid_reaction")
    listed = bo_api.get(f"/conversations/{cid}/messages").json()["items"][1]
    assert listed["reactions"] == {"❤️": 1, "🔥": 1} and listed["my_reaction"] == "🔥"
    assert bo_api.delete(url).json() == {"reactions": {"❤️": 1}, "my_reaction": None}
    assert Reaction.objects.filter(user=bo).count() == 0


def test_unread_counts_and_read_receipts(friends):
    _ann, ann_api, bo, bo_api = friends
    cid = start(ann_api, "bo", body="one").json()["id"]
    send(ann_api, cid, "two")
    assert bo_api.get("/messages/unread").json()["unread"] == 2
    assert bo_api.get("/conversations").json()["items"][0]["unread"] == 2
    assert bo_api.post(f"/conversations/{cid}/read").status_code == 200
    assert bo_api.get("/messages/unread").json()["unread"] == 0
    last = Message.objects.order_by("-id").first().pk
    people = ann_api.get(f"/conversations/{cid}").json()["people"]
    assert people[0]["username"] == "bo" and people[0]["last_read_id"] == last
    # Turned off, others no longer see how far bo has read.
    assert (
        bo_api.patch(f"/conversations/{cid}", {"read_receipts": False}).json()["read_receipts"]
        is False
    )
    assert ann_api.get(f"/conversations/{cid}").json()["people"][0]["last_read_id"] is None
    assert Membership.objects.get(user=bo).read_receipts is False


def test_translation_is_for_the_member_who_asks_with_the_original_and_the_engine(friends):
    _ann, ann_api, _bo, bo_api = friends
    cid = start(ann_api, "bo", body="我们明天去吃火锅吧").json()["id"]
    send(ann_api, cid, "See you there")
    plain = bo_api.get(f"/conversations/{cid}/messages").json()["items"]
    assert all(m["translation"] is None for m in plain)
    assert plain[1]["language"] == "zh-hans"
    assert bo_api.patch(f"/conversations/{cid}", {"translate": True}).json()["translate"]
    shown = bo_api.get(f"/conversations/{cid}/messages").json()["items"]
    chinese, english = shown[1], shown[0]
    assert chinese["body"] == "我们明天去吃火锅吧"  # the original stays one tap away
    assert chinese["translation"]["engine"] == "offline"
    assert chinese["translation"]["engine_label"]
    assert "hotpot" in chinese["translation"]["text"].lower()
    assert english["translation"] is None and not english["translation_unavailable"]
    # For bo alone: ann still reads the originals.
    assert all(
        m["translation"] is None
        for m in ann_api.get(f"/conversations/{cid}/messages").json()["items"]
    )
    # Stored and reused like comments: asking again engines nothing new.
    assert Translation.objects.filter(kind="message").count() == 1
    bo_api.get(f"/conversations/{cid}/messages")
    assert Translation.objects.filter(kind="message").count() == 1


def test_one_message_translated_on_demand(friends):
    _ann, ann_api, _bo, bo_api = friends
    cid = start(ann_api, "bo", body="我们明天去吃火锅吧").json()["id"]
    mid = Message.objects.get().pk
    answer = bo_api.get(f"/conversations/{cid}/messages/{mid}/translation", target="en")
    assert answer.status_code == 200
    assert answer.json()["engine"] == "offline" and answer.json()["parts"]
    assert_error(
        bo_api.get(f"/conversations/{cid}/messages/{mid}/translation", target="klingon"),
        400,
        "invalid_target",
    )


def test_pages_go_back_in_time_with_cursors_and_forward_with_after(friends):
    _ann, ann_api, _bo, bo_api = friends
    cid = start(ann_api, "bo").json()["id"]
    for i in range(7):
        send(ann_api, cid, f"m{i}")
    first = bo_api.get(f"/conversations/{cid}/messages", limit=3).json()
    assert [m["body"] for m in first["items"]] == ["m6", "m5", "m4"]
    second = bo_api.get(
        f"/conversations/{cid}/messages", limit=3, cursor=first["next_cursor"]
    ).json()
    assert [m["body"] for m in second["items"]] == ["m3", "m2", "m1"]
    after = bo_api.get(f"/conversations/{cid}/messages", after=second["items"][0]["id"]).json()
    assert [m["body"] for m in after["items"]] == ["m4", "m5", "m6"]
    assert_error(bo_api.get(f"/conversations/{cid}/messages", cursor="nope"), 400, "invalid_cursor")
    assert bodies(bo_api, cid)[0] == "m6"


def test_conversations_page_with_cursors(friends, make_user):
    _ann, ann_api, _bo, _bo_api = friends
    for i in range(4):
        make_user(f"p{i}")[1].post("/users/ann/follow")
        start(ann_api, f"p{i}", body="hi")
    first = ann_api.get("/conversations", limit=3).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    rest = ann_api.get("/conversations", limit=3, cursor=first["next_cursor"]).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert [p["username"] for p in first["items"][0]["people"]] == ["p3"]


def test_leaving_a_group(make_user):
    _ann, ann_api = make_user("ann")
    _bo, bo_api = make_user("bo")
    _cy, _cy_api = make_user("cy")
    cid = start(ann_api, "bo", "cy", body="hi").json()["id"]
    assert bo_api.post(f"/conversations/{cid}/accept").status_code == 200
    assert bo_api.post(f"/conversations/{cid}/leave").status_code == 200
    assert_error(bo_api.get(f"/conversations/{cid}/messages"), 404, "not_found")
    direct = start(ann_api, "bo").json()["id"]
    assert_error(ann_api.post(f"/conversations/{direct}/leave"), 400, "not_a_group")
