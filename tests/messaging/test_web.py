"""The messaging pages, through Django's test client: inbox, requests, a conversation,
sending (plain and htmx), what the live page fetches, reactions, settings, reports."""

from __future__ import annotations

from django.test import TestCase

from crossnote.messaging.models import Membership, Message, MessageReport
from tests import images
from tests.messaging.conftest import browser, send, start


def _post(client, url, data, **headers):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data, headers=headers)


def test_starting_from_the_inbox_and_sending(friends):
    ann, _ann_api, bo, bo_api = friends
    web = browser(ann)
    page = web.get("/messages?to=bo")
    assert page.status_code == 200 and b'value="bo"' in page.content
    made = _post(web, "/messages/new", {"to": "@bo", "body": "hello from the web"})
    assert made.status_code == 302
    cid = Message.objects.get().conversation_id
    assert made["Location"] == f"/messages/{cid}"
    page = web.get(f"/messages/{cid}")
    assert "hello from the web" in page.content.decode()
    assert _post(web, f"/messages/{cid}/send", {"body": "second"}).status_code == 302
    assert (
        _post(web, f"/messages/{cid}/send", {"body": "third"}, HX_Request="true").status_code == 204
    )
    # bo's header counts them; opening the conversation reads them.
    bo_web = browser(bo)
    assert b'id="messages-link"' in bo_web.get("/messages").content
    assert bo_api.get("/messages/unread").json()["unread"] == 3
    html = bo_web.get(f"/messages/{cid}").content.decode()
    assert html.index("hello from the web") < html.index("third")
    assert bo_api.get("/messages/unread").json()["unread"] == 0


def test_the_live_page_fetches_what_is_new(friends):
    _ann, ann_api, bo, _bo_api = friends
    cid = start(ann_api, "bo", body="one").json()["id"]
    first = Message.objects.get().pk
    send(ann_api, cid, "two")
    fragment = browser(bo).get(f"/messages/{cid}/new?after={first}").content.decode()
    assert "two" in fragment and "one" not in fragment
    assert browser(bo).get(f"/messages/{cid}/new?after=abc").status_code == 200


def test_a_photo_from_the_web(friends):
    ann, _ann_api, bo, _bo_api = friends
    cid = start(friends[1], "bo").json()["id"]
    upload = images.upload(images.jpeg(), "p.jpg")
    assert _post(browser(ann), f"/messages/{cid}/send", {"photo": upload}).status_code == 302
    html = browser(bo).get(f"/messages/{cid}").content.decode()
    assert 'class="dm-photo"' in html


def test_requests_accept_decline_and_report_on_the_web(make_user):
    ann, _ann_api = make_user("ann")
    _cat, cat_api = make_user("cat")
    cid = start(cat_api, "ann", body="hi there").json()["id"]
    web = browser(ann)
    assert "hi there" not in web.get("/messages").content.decode()
    assert f"/messages/{cid}" in web.get("/messages/requests").content.decode()
    page = web.get(f"/messages/{cid}").content.decode()
    assert "Accept" in page and 'id="send"' not in page
    assert _post(web, f"/messages/{cid}/accept", {}).status_code == 302
    assert Membership.objects.get(user=ann).state == "active"
    mid = Message.objects.get().pk
    reported = _post(web, f"/messages/{cid}/report", {"message": mid, "reason": "spam"})
    assert reported.status_code == 302 and MessageReport.objects.count() == 1
    assert web.get(f"/messages/{cid}/nonsense").status_code == 405
    assert _post(web, f"/messages/{cid}/nonsense", {}).status_code == 404


def test_reactions_and_settings_on_the_web(friends):
    _ann, ann_api, bo, _bo_api = friends
    cid = start(ann_api, "bo", body="我们明天去吃火锅吧").json()["id"]
    mid = Message.objects.get().pk
    web = browser(bo)
    reacted = _post(
        web, f"/messages/{cid}/react", {"message": mid, "emoji": "🔥"}, HX_Request="true"
    )
    assert reacted.status_code == 200 and "🔥 1" in reacted.content.decode()
    assert Message.objects.get().reactions == {"🔥": 1}
    # The same emoji again takes it back.
    _post(web, f"/messages/{cid}/react", {"message": mid, "emoji": "🔥"})
    assert Message.objects.get().reactions == {}
    assert _post(web, f"/messages/{cid}/settings", {"translate": "1"}).status_code == 302
    membership = Membership.objects.get(user=bo)
    assert membership.translate and not membership.read_receipts
    html = web.get(f"/messages/{cid}").content.decode()
    assert "hotpot" in html.lower() and "See original" in html and "我们明天去吃火锅吧" in html


def test_refusals_on_the_web(friends, make_user):
    ann, ann_api, _bo, _bo_api = friends
    cy, _ = make_user("cy")
    cid = start(ann_api, "bo", body="hi").json()["id"]
    assert browser(cy).get(f"/messages/{cid}").status_code == 404
    assert browser().get(f"/messages/{cid}").status_code == 302  # to log in
    nudged = _post(browser(ann), f"/messages/{cid}/send", {"body": "idiot"}, HX_Request="true")
    assert nudged.status_code == 409 and nudged["HX-Retarget"] == "#flash"
    assert _post(browser(ann), "/messages/new", {"to": "nobody"}).status_code == 404
    empty = _post(browser(ann), f"/messages/{cid}/send", {"body": " "})
    assert empty.status_code == 400 and "Write something" in empty.content.decode()


def test_the_pages_in_chinese(friends):
    ann, ann_api, _bo, _bo_api = friends
    cid = start(ann_api, "bo", body="hi").json()["id"]
    web = browser(ann)
    web.cookies["django_language"] = "zh-hans"
    assert "私信" in web.get("/messages").content.decode()
    page = web.get(f"/messages/{cid}").content.decode()
    assert "发送" in page and 'data-template="{name} 正在输入…"' in page


def test_sharing_a_note_from_its_page(friends, post_note):
    ann, _ann_api, _bo, bo_api = friends
    note = post_note(bo_api, "dumplings in Xi'an", title="Dumplings")
    web = browser(ann)
    assert f"/messages?note={note['id']}" in web.get(f"/notes/{note['id']}").content.decode()
    form = web.get(f"/messages?note={note['id']}").content.decode()
    assert "Dumplings" in form and f'name="note" value="{note["id"]}"' in form
    _post(web, "/messages/new", {"to": "bo", "note": note["id"]})
    shared = bo_api.get(f"/conversations/{Message.objects.get().conversation_id}/messages")
    assert shared.json()["items"][0]["shared_note"]["id"] == note["id"]
    # A note one may not read is not offered.
    private = post_note(bo_api, "mine", visibility="private")
    assert 'name="note"' not in web.get(f"/messages?note={private['id']}").content.decode()
    assert ann


def test_the_members_panel_adds_and_removes_with_plain_posts_and_htmx(friends, make_user):
    ann, ann_api, bo, _bo_api = friends
    for name in ("cy", "dee"):
        _user, api = make_user(name)
        assert api.post("/users/ann/follow").status_code == 200
    eve, _eve_api = make_user("eve")
    cid = start(ann_api, "bo", "cy", title="Trip", body="hi").json()["id"]
    web = browser(ann)
    page = web.get(f"/messages/{cid}").content.decode()
    assert 'id="members"' in page and 'name="usernames"' in page
    added = _post(web, f"/messages/{cid}/add", {"usernames": "@dee, eve"})
    assert added.status_code == 302 and added["Location"] == f"/messages/{cid}#members"
    states = dict(
        Membership.objects.filter(conversation_id=cid).values_list("user__username", "state")
    )
    assert states == {
        "ann": "active",
        "bo": "active",
        "cy": "active",
        "dee": "active",
        "eve": "request",
    }
    page = web.get(f"/messages/{cid}").content.decode()
    assert "invited" in page and 'value="eve"' in page  # eve's request, and her remove button
    # Removing through htmx: the answer is the page, from which htmx takes the panel.
    removed = _post(web, f"/messages/{cid}/remove", {"username": "eve"}, HX_Request="true")
    assert removed.status_code == 302
    assert Membership.objects.get(conversation_id=cid, user=eve).state == "left"
    # A refusal is a page (or, for htmx, a message where errors go).
    refused = _post(web, f"/messages/{cid}/add", {"usernames": "nobody"})
    assert refused.status_code == 404
    bo_web = browser(bo)
    assert 'name="username"' not in bo_web.get(f"/messages/{cid}").content.decode()
    refused = _post(bo_web, f"/messages/{cid}/remove", {"username": "cy"}, HX_Request="true")
    assert refused.status_code == 403 and refused["HX-Retarget"] == "#flash"
    assert "Only the person who started the group" in refused.content.decode()


def test_seen_is_on_the_page_and_comes_back_from_its_own_address(friends, make_user):
    ann, ann_api, bo, bo_api = friends
    cid = start(ann_api, "bo", body="did you see?").json()["id"]
    first = Message.objects.get().pk
    web = browser(ann)
    assert 'id="seen"' not in web.get(f"/messages/{cid}").content.decode()
    assert web.get(f"/messages/{cid}/seen").content.strip() == b""
    browser(bo).get(f"/messages/{cid}")  # bo opens it: read
    page = web.get(f"/messages/{cid}").content.decode()
    assert f'id="seen" data-after="{first}">Seen</li>' in page
    assert page.index(f'id="m-{first}"') < page.index('id="seen"')
    assert b'data-after="%d"' % first in web.get(f"/messages/{cid}/seen").content
    # In a group: who, then how many.
    _cy, cy_api = make_user("cy")
    assert cy_api.post("/users/ann/follow").status_code == 200
    gid = start(ann_api, "bo", "cy", title="Trip", body="all here?").json()["id"]
    bo_api.post(f"/conversations/{gid}/read")
    assert "Seen by bo" in web.get(f"/messages/{gid}/seen").content.decode()
    cy_api.post(f"/conversations/{gid}/read")
    assert "Seen by everyone" in web.get(f"/messages/{gid}/seen").content.decode()
