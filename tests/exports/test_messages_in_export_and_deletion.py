"""Direct messages are part of what a person takes with them and of what deletion erases
(crossnote.messaging provides both; exports and accounts.deletion call it)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from crossnote.accounts import deletion
from crossnote.exports import archive
from crossnote.media.models import Photo
from crossnote.messaging.models import Message
from tests.exports.conftest import open_zip
from tests.messaging.conftest import send, send_photo, start


@pytest.fixture
def friends(make_user):
    """ann and bo follow each other, so either may write to the other directly."""
    ann, ann_api = make_user("ann")
    bo, bo_api = make_user("bo")
    for client, other in ((ann_api, "bo"), (bo_api, "ann")):
        assert client.post(f"/users/{other}/follow").status_code == 200
    return ann, ann_api, bo, bo_api


def test_the_export_carries_the_messages_sent_and_their_photo_files(friends):
    _ann, ann_api, _bo, bo_api = friends
    cid = start(ann_api, "bo", body="hello from ann").json()["id"]
    send(bo_api, cid, "hello from bo")
    sent_photo = send_photo(ann_api, cid, "our view").json()["id"]
    photo = Message.objects.get(pk=sent_photo).photo
    assert photo.state == Photo.State.READY

    asked = ann_api.post("/exports")
    assert asked.status_code == 202, asked.content
    response = ann_api.call("GET", f"/exports/{asked.json()['id']}/download")
    zipped = open_zip(b"".join(response.streaming_content))
    messages = json.loads(zipped.read("messages.json"))
    assert "messages" in archive.SECTIONS
    assert [m["body"] for m in messages["messages_sent"]] == ["hello from ann", "our view"]
    shown = messages["messages_sent"][1]["photo"]
    assert shown["file"] == f"messages/{sent_photo}.webp"
    assert zipped.read(shown["file"])  # the file itself, not a name on this server
    assert "hello from bo" not in json.dumps(messages, ensure_ascii=False)


def test_an_erased_account_leaves_no_message_and_the_other_side_keeps_theirs(friends):
    ann, ann_api, bo, bo_api = friends
    cid = start(ann_api, "bo", body="from ann").json()["id"]
    send(bo_api, cid, "from bo")
    deletion.do_request_deletion(ann)
    later = timezone.now() + deletion.grace_period() + timedelta(minutes=1)
    assert deletion.erase_account(ann.pk, now=later)
    assert not Message.objects.filter(sender=ann).exists()
    assert list(Message.objects.filter(sender=bo).values_list("body", flat=True)) == ["from bo"]
