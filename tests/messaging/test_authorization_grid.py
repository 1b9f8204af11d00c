"""Who may do what in a conversation: every viewer × every action, through the API, from
one table (in the style of tests/test_authorization_grid.py).

The conversation is ann's with bo (one-to-one) unless the row says otherwise; ann has sent
a photo and a message in Chinese. Viewers:
- member: bo;
- former: cy, who was in a group with ann and bo and left it (the group's messages and
  photo are the same as the one-to-one's);
- removed: cy, in the same group, removed by ann (its creator);
- blocked: bo, after ann blocked him;
- stranger: cy, in no conversation with them;
- moderator: mod, after bo reported ann's photo message (the photo is the reported one).

Refusals are the 404 a conversation that does not exist gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from crossnote.messaging.models import Message
from tests.messaging.conftest import assert_error, send, send_photo, start

VIEWERS = ("member", "former", "removed", "blocked", "stranger", "moderator")
ACTIONS = ("read", "send", "photo", "translate")

TABLE = """
viewer     read  send  photo  translate
member     200   201   200    200
former     404   404   404    404
removed    404   404   404    404
blocked    404   404   404    404
stranger   404   404   404    404
moderator  404   404   200    404
"""


def _parse(table: str) -> dict[tuple[str, str], str]:
    header, *rows = [line.split() for line in table.strip().splitlines()]
    assert header[1:] == list(ACTIONS)
    return {
        (viewer, action): outcome
        for viewer, *outcomes in rows
        for action, outcome in zip(ACTIONS, outcomes, strict=True)
    }


EXPECTED = _parse(TABLE)


def _rule(viewer: str, action: str) -> str:
    """The rule of crossnote/messaging/queries.py, stated as code."""
    if viewer == "member":
        return "201" if action == "send" else "200"
    if viewer == "moderator" and action == "photo":
        return "200"  # the reported message's photo, and nothing else
    return "404"


def test_the_table_follows_the_rules():
    assert set(EXPECTED) == {(v, a) for v in VIEWERS for a in ACTIONS}
    assert {k: v for k, v in EXPECTED.items() if v != _rule(*k)} == {}


@dataclass
class Scene:
    conversation_id: int
    photo_url: str
    chinese_id: int
    viewer: Any


@pytest.fixture
def scene(request, make_user, moderator) -> Scene:
    viewer, _action = request.param
    _ann, ann_api = make_user("ann")
    _bo, bo_api = make_user("bo")
    _cy, cy_api = make_user("cy")
    for a, b in ((ann_api, "bo"), (bo_api, "ann"), (ann_api, "cy"), (cy_api, "ann")):
        assert a.post(f"/users/{b}/follow").status_code == 200
    grouped = viewer in ("former", "removed")
    names = ("bo", "cy") if grouped else ("bo",)
    cid = start(ann_api, *names, title="Trip" if grouped else "").json()["id"]
    photo = send_photo(ann_api, cid, "look")
    assert photo.status_code == 201, photo.content
    assert send(ann_api, cid, "我们明天去吃火锅吧").status_code == 201
    message = Message.objects.get(pk=photo.json()["id"])
    message.photo.refresh_from_db()
    chinese = Message.objects.get(body="我们明天去吃火锅吧").pk
    client = {
        "member": bo_api,
        "blocked": bo_api,
        "former": cy_api,
        "removed": cy_api,
        "stranger": cy_api,
    }.get(viewer, moderator[1])
    if viewer == "former":
        assert cy_api.post(f"/conversations/{cid}/leave").status_code == 200
    if viewer == "removed":
        assert ann_api.delete(f"/conversations/{cid}/members/cy").status_code == 200
    if viewer == "blocked":
        assert ann_api.post("/users/bo/block").status_code == 200
    if viewer == "moderator":
        reported = bo_api.post(
            f"/conversations/{cid}/report", {"message_ids": [message.pk], "reason": "nudity"}
        )
        assert reported.status_code == 201
    return Scene(cid, message.photo.url("full"), chinese, client)


def _check(response: Any, expected: str) -> None:
    if expected == "404":
        assert_error(response, 404, "not_found")
    else:
        assert response.status_code == int(expected), response.content


def _run(action: str, s: Scene, expected: str) -> None:
    url = f"/conversations/{s.conversation_id}"
    if action == "read":
        response = s.viewer.get(f"{url}/messages")
        _check(response, expected)
        if expected == "200":
            assert [m["body"] for m in response.json()["items"]] == ["我们明天去吃火锅吧", "look"]
    elif action == "send":
        before = Message.objects.count()
        _check(send(s.viewer, s.conversation_id, "hello"), expected)
        assert Message.objects.count() == before + (expected == "201")
    elif action == "photo":
        headers = {"Authorization": f"Bearer {s.viewer.token}"}
        response = s.viewer.client.get(s.photo_url, headers=headers)
        assert response.status_code == int(expected)
        assert response["Cache-Control"] == "private, no-cache"
    else:
        response = s.viewer.get(f"{url}/messages/{s.chinese_id}/translation", target="en")
        _check(response, expected)
        if expected == "200":
            assert response.json()["parts"] and response.json()["engine"] == "offline"


CELLS = [(v, a) for v in VIEWERS for a in ACTIONS]


@pytest.mark.parametrize(
    ("scene", "action"),
    [((v, a), a) for v, a in CELLS],
    ids=[f"{v}-{a}" for v, a in CELLS],
    indirect=["scene"],
)
def test_cell(scene, action, request):
    viewer = request.node.callspec.params["scene"][0]
    _run(action, scene, EXPECTED[viewer, action])
