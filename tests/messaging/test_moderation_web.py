"""The moderators' page of reported messages (/moderation/messages): a moderator sees each
report with the reported messages and nothing else of the conversation, decides it (plain
post or htmx), and nobody else gets in."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crossnote.messaging.models import Message, MessageReport
from tests.messaging.conftest import assert_error, browser, send, send_photo, start


def _report(client: Any, conversation_id: int, *message_ids: int) -> None:
    made = client.post(
        f"/conversations/{conversation_id}/report",
        {"message_ids": list(message_ids), "reason": "harassment", "text": "please look"},
    )
    assert made.status_code == 201, made.content


@pytest.fixture
def reported(friends):
    """ann writes bo five messages (two with photos); bo reports two of them, one of them
    with a photo. Returns the reported photo's and the unreported photo's Photo rows."""
    _ann, ann_api, _bo, bo_api = friends
    cid = start(ann_api, "bo", body="our secret dinner plans").json()["id"]
    bad = send(ann_api, cid, "something awful").json()["id"]
    pictured = send_photo(ann_api, cid, "look at this").json()["id"]
    other = send_photo(ann_api, cid, "holiday snap").json()["id"]
    send(ann_api, cid, "an unreported holiday story")
    _report(bo_api, cid, bad, pictured)
    return Message.objects.get(pk=pictured).photo, Message.objects.get(pk=other).photo


def test_the_moderator_sees_the_reported_messages_and_nothing_else(reported, moderator):
    photo, unreported_photo = reported
    mod, _mod_api = moderator
    page = browser(mod).get("/moderation/messages")
    assert page.status_code == 200
    html = page.content.decode()
    assert "something awful" in html and "look at this" in html
    assert "@bo" in html and "Harassment or bullying" in html and "please look" in html
    for private in ("our secret dinner plans", "holiday snap", "an unreported holiday story"):
        assert private not in html
    # The reported photo's thumbnail is there and loads for the moderator
    # (messaging.queries.may_load_message_photo); the unreported one does not.
    assert photo.state == "ready"
    assert photo.grid_url in html and unreported_photo.grid_url not in html
    assert browser(mod).get(photo.grid_url).status_code == 200
    assert browser(mod).get(unreported_photo.grid_url).status_code == 404
    # In Chinese too.
    chinese = browser(mod).get("/moderation/messages", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "被举报的私信" in chinese.content.decode() and "驳回" in chinese.content.decode()
    # The queue page links to it, with the count of open reports.
    queue = browser(mod).get("/moderation").content.decode()
    assert 'href="/moderation/messages"' in queue and "Messages (1)" in queue


def test_people_who_are_not_moderators_are_refused(reported, friends, make_user):
    _ann, _ann_api, bo, _bo_api = friends
    report = MessageReport.objects.get()
    for person in (bo, make_user("cy")[0]):
        web = browser(person)
        assert web.get("/moderation/messages").status_code == 403
        assert web.get("/moderation").status_code == 403  # as the queue
        refused = web.post(f"/moderation/messages/{report.pk}", {"decision": "dismissed"})
        assert refused.status_code == 403
    report.refresh_from_db()
    assert report.state == "open"
    # Logged out: to the login page, as for the queue.
    assert browser().get("/moderation/messages")["Location"].startswith("/login")
    assert browser().post(f"/moderation/messages/{report.pk}", {}).status_code == 302


def test_dismissing_with_a_plain_post(reported, moderator):
    mod, _mod_api = moderator
    report = MessageReport.objects.get()
    web = browser(mod)
    done = web.post(f"/moderation/messages/{report.pk}", {"decision": "dismissed"})
    assert done.status_code == 302 and done["Location"] == "/moderation/messages"
    report.refresh_from_db()
    assert report.state == "dismissed"
    html = web.get("/moderation/messages").content.decode()
    assert "Report dismissed." in html and "No open reports of messages." in html
    assert "something awful" not in html
    # Among the dismissed ones, without buttons.
    dismissed = web.get("/moderation/messages?state=dismissed").content.decode()
    assert "something awful" in dismissed and "dismiss-message-report" not in dismissed
    # The same decision again changes nothing; the other one is a conflict.
    again = web.post(f"/moderation/messages/{report.pk}", {"decision": "dismissed"})
    assert again.status_code == 302
    conflict = web.post(f"/moderation/messages/{report.pk}", {"decision": "actioned"})
    assert conflict.status_code == 409
    assert "Another decision was already made on this report." in conflict.content.decode()
    report.refresh_from_db()
    assert report.state == "dismissed"


def test_taking_action_with_htmx(reported, moderator):
    mod, _mod_api = moderator
    report = MessageReport.objects.get()
    web = browser(mod)
    url = f"/moderation/messages/{report.pk}"
    done = web.post(url, {"decision": "actioned"}, headers={"HX-Request": "true"})
    assert done.status_code == 200
    fragment = done.content.decode()
    assert f'id="message-report-{report.pk}"' in fragment and "Action taken" in fragment
    assert "something awful" not in fragment and "<html" not in fragment
    report.refresh_from_db()
    assert report.state == "actioned"
    assert (
        web.post(url, {"decision": "actioned"}, headers={"HX-Request": "true"}).status_code == 200
    )
    conflict = web.post(url, {"decision": "dismissed"}, headers={"HX-Request": "true"})
    assert conflict.status_code == 409
    assert "something awful" in web.get("/moderation/messages?state=actioned").content.decode()


def test_bad_decisions_states_and_reports(reported, moderator):
    mod, _mod_api = moderator
    report = MessageReport.objects.get()
    web = browser(mod)
    assert web.post(f"/moderation/messages/{report.pk}", {"decision": "open"}).status_code == 400
    assert web.post(f"/moderation/messages/{report.pk}", {}).status_code == 400
    assert (
        web.post(f"/moderation/messages/{report.pk + 99}", {"decision": "dismissed"}).status_code
        == 404
    )
    assert web.get(f"/moderation/messages/{report.pk}").status_code == 405
    assert web.get("/moderation/messages?state=everything").status_code == 400
    report.refresh_from_db()
    assert report.state == "open"


def _queries(client: Any) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/moderation/messages")
    assert page.status_code == 200
    return len(queries), page.content.decode()


def test_the_page_costs_a_fixed_number_of_queries(friends, moderator, make_user):
    """However many reports and messages: session, user, the moderator's permissions
    (user's, group's), the reports with their reporters, the reported messages with sender
    and photo, the open count; then the header's two unread counts and where the page's
    live stream starts (a query on the laptop profile, Redis at scale)."""
    _ann, ann_api, _bo, bo_api = friends
    mod, _mod_api = moderator
    web = browser(mod)
    cid = start(ann_api, "bo", body="first").json()["id"]
    _report(bo_api, cid, send(ann_api, cid, "one").json()["id"])
    small, html = _queries(web)
    assert html.count('data-testid="message-report"') == 1
    for i in range(5):
        _person, person_api = make_user(f"writer{i}")
        bo_api.post(f"/users/writer{i}/follow")
        other = start(person_api, "bo", body=f"hello {i}").json()["id"]
        ids = [send(person_api, other, f"bad {i} {j}").json()["id"] for j in range(3)]
        ids.append(send_photo(person_api, other, f"pic {i}").json()["id"])
        _report(bo_api, other, *ids)
    large, html = _queries(web)
    assert html.count('data-testid="message-report"') == 6
    assert large == small, (small, large)
    live_cursor = 1 if settings.CROSSNOTE_LIVE_BACKEND == "database" else 0
    assert small == 9 + live_cursor, small


def test_the_api_answers_a_decided_report_the_same_way(reported, moderator):
    _mod, mod_api = moderator
    report = MessageReport.objects.get()
    url = f"/moderation/message-reports/{report.pk}"
    assert mod_api.post(url, {"decision": "dismissed"}).json()["state"] == "dismissed"
    assert mod_api.post(url, {"decision": "dismissed"}).json()["state"] == "dismissed"
    assert_error(mod_api.post(url, {"decision": "actioned"}), 409, "report_decided")


def test_a_report_whose_messages_are_gone(reported, moderator, friends):
    """The sender deleted their account (their messages with it): the report stays, and
    says so."""
    ann, _ann_api, _bo, _bo_api = friends
    Message.objects.filter(sender=ann).delete()
    html = browser(moderator[0]).get("/moderation/messages").content.decode()
    assert "The reported messages were deleted." in html and "something awful" not in html


def test_a_reported_photo_stays_evidence_when_its_sender_is_banned_or_blocked(
    reported, moderator, friends
):
    from crossnote.accounts.models import User
    from crossnote.relations.models import Block

    photo, unreported_photo = reported
    mod, _mod_api = moderator
    ann, _ann_api, bo, _bo_api = friends
    Block.objects.create(blocker=mod, blocked=ann)
    User.objects.filter(pk=ann.pk).update(is_active=False)  # banned
    assert browser(mod).get(photo.grid_url).status_code == 200
    assert browser(mod).get(unreported_photo.grid_url).status_code == 404
    # A member does not see a banned sender's photos, reported or not.
    assert browser(bo).get(photo.grid_url).status_code == 404
