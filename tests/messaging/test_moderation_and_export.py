"""Moderators see a reported conversation's reported messages and nothing else; a person's
export holds their messaging and deletion removes it."""

from __future__ import annotations

import json

from crossnote.media.models import Photo
from crossnote.messaging.actions import delete_all_for
from crossnote.messaging.models import Conversation, Membership, Message, MessageReport, Reaction
from crossnote.messaging.queries import export_for
from tests.messaging.conftest import assert_error, bodies, browser, send, send_photo, start


def test_moderators_see_the_reported_messages_and_nothing_else(friends, moderator):
    _ann, ann_api, _bo, bo_api = friends
    mod, mod_api = moderator
    cid = start(ann_api, "bo", body="private chat").json()["id"]
    bad = send(ann_api, cid, "something awful").json()["id"]
    other_photo = send_photo(ann_api, cid, "holiday").json()["id"]
    assert (
        bo_api.post(
            f"/conversations/{cid}/report", {"message_ids": [bad], "reason": "harassment"}
        ).status_code
        == 201
    )
    queue = mod_api.get("/moderation/message-reports").json()
    assert len(queue) == 1 and queue[0]["conversation_id"] == cid
    assert [m["body"] for m in queue[0]["messages"]] == ["something awful"]
    assert_error(mod_api.get(f"/conversations/{cid}/messages"), 404, "not_found")
    unreported = Message.objects.get(pk=other_photo).photo
    assert browser(mod).get(unreported.url("full")).status_code == 404
    # Not for anyone else.
    assert_error(bo_api.get("/moderation/message-reports"), 403, "not_a_moderator")
    decided = mod_api.post(
        f"/moderation/message-reports/{queue[0]['id']}", {"decision": "dismissed"}
    )
    assert decided.json()["state"] == "dismissed"
    assert mod_api.get("/moderation/message-reports").json() == []
    assert_error(mod_api.get("/moderation/message-reports", state="bogus"), 400, "invalid_state")
    assert_error(
        bo_api.post(f"/moderation/message-reports/{queue[0]['id']}", {"decision": "dismissed"}),
        403,
        "not_a_moderator",
    )


def test_export_holds_what_the_person_wrote_and_nothing_of_others(friends):
    ann, ann_api, _bo, bo_api = friends
    cid = start(ann_api, "bo", body="from ann").json()["id"]
    theirs = send(bo_api, cid, "from bo").json()["id"]
    ann_api.put(f"/conversations/{cid}/messages/{theirs}/reaction", {"emoji": "👍"})
    bo_api.post(f"/conversations/{cid}/report", {"message_ids": [1], "reason": "spam"})
    data = json.loads(json.dumps(export_for(ann)))  # JSON-able as it is
    assert [c["members"] for c in data["conversations"]] == [["ann", "bo"]]
    assert [m["body"] for m in data["messages_sent"]] == ["from ann"]
    assert data["reactions"] == [{"message_id": theirs, "emoji": "👍"}]
    assert data["message_reports"] == []
    assert "from bo" not in json.dumps(data, ensure_ascii=False)


def test_deleting_everything_of_a_person_keeps_the_others_messages(
    friends, make_user, django_capture_on_commit_callbacks, settings
):
    ann, ann_api, bo, bo_api = friends
    cid = start(ann_api, "bo", body="from ann").json()["id"]
    photo_message = send_photo(ann_api, cid, "pic").json()["id"]
    photo = Message.objects.get(pk=photo_message).photo
    theirs = send(bo_api, cid, "from bo").json()["id"]
    ann_api.put(f"/conversations/{cid}/messages/{theirs}/reaction", {"emoji": "👍"})
    bo_api.put(f"/conversations/{cid}/messages/{theirs}/reaction", {"emoji": "👍"})
    _cy, cy_api = make_user("cy")
    alone = start(cy_api, "ann", body="hello ann").json()["id"]
    ann_api.post(
        f"/conversations/{alone}/report",
        {"message_ids": [Message.objects.get(body="hello ann").pk], "reason": "spam"},
    )
    files = [photo.grid, photo.full]
    with django_capture_on_commit_callbacks(execute=True):
        done = delete_all_for(ann)
    assert done["messages"] == 2 and done["reactions"] == 1 and done["message_reports"] == 1
    assert not Message.objects.filter(sender=ann).exists()
    assert not Reaction.objects.filter(user=ann).exists()
    assert not Membership.objects.filter(user=ann).exists()
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert files[0] and not any((settings.MEDIA_ROOT / name).exists() for name in files)
    assert not MessageReport.objects.filter(reporter=ann).exists()
    assert bodies(bo_api, cid) == ["from bo"]
    assert Message.objects.get(pk=theirs).reactions == {"👍": 1}
    assert Conversation.objects.get(pk=cid).last_message_id == theirs
    assert export_for(ann) == {
        "conversations": [],
        "messages_sent": [],
        "reactions": [],
        "message_reports": [],
    }
    assert bo.pk
