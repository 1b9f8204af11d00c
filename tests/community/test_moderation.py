"""Moderators act on reports: every action is audited and the person is told why."""

import pytest

from crossnote.accounts.models import User
from crossnote.moderation.models import ModerationAction
from tests.conftest import PASSWORD


@pytest.fixture
def reported(make_user, post_note):
    """anna's note, reported by bo."""
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna, "follow me for free followers #spam")
    report = bo.post("/reports", {"about": "note", "note_id": note["id"], "reason": "spam"}).json()
    return anna, bo, note, report


def _moderation_notices(client):
    return [n for n in client.get("/notifications").json()["items"] if n["kind"] == "moderation"]


def test_only_moderators_see_the_queue_and_act(reported):
    _anna, bo, _note, report = reported
    assert bo.get("/moderation/reports").json()["error"] == "not_a_moderator"
    refused = bo.post(f"/moderation/reports/{report['id']}/actions", {"kind": "ban", "reason": "x"})
    assert refused.status_code == 403 and not ModerationAction.objects.exists()


def test_the_queue_shows_each_report_with_its_context(reported, moderator):
    _anna, _bo, note, report = reported
    (item,) = moderator.get("/moderation/reports").json()
    assert (item["id"], item["reason"], item["reporter"], item["person"]) == (
        report["id"],
        "spam",
        "bo",
        "anna",
    )
    assert item["note_id"] == note["id"] and "free followers" in item["note_excerpt"]


def test_hiding_a_note_takes_it_out_for_everyone_but_its_author(reported, moderator):
    anna, bo, note, report = reported
    done = moderator.post(
        f"/moderation/reports/{report['id']}/actions",
        {"kind": "hide", "reason": "Spam is not allowed here."},
    )
    assert done.status_code == 201 and done.json()["report_state"] == "actioned"
    assert bo.get(f"/notes/{note['id']}").status_code == 404
    assert bo.get("/search", q="followers").json()["notes"] == []
    assert anna.get(f"/notes/{note['id']}").json()["state"] == "hidden"
    (notice,) = _moderation_notices(anna)
    assert notice["excerpt"] == "Hide the note: Spam is not allowed here."
    log = ModerationAction.objects.get()
    assert (log.moderator.username, log.kind, log.person.username, log.reason) == (
        "mod",
        "hide",
        "anna",
        "Spam is not allowed here.",
    )
    assert log.created_at and "free followers" in log.excerpt
    assert moderator.get("/moderation/reports").json() == []


def test_a_suspension_stops_posting_and_engaging_until_it_ends(reported, moderator, post_note):
    anna, _bo, note, report = reported
    moderator.post(
        f"/moderation/reports/{report['id']}/actions",
        {"kind": "suspend", "reason": "Repeated spam.", "days": 7},
    )
    from tests import images

    refused = anna.call(
        "POST", "/notes", data={"title": "x", "images": [images.upload(images.jpeg())]}
    )
    assert refused.status_code == 403 and refused.json()["error"] == "suspended"
    assert anna.post(f"/notes/{note['id']}/comments", {"body": "hi"}).json()["error"] == "suspended"
    assert anna.get("/feeds/discover").status_code == 200  # reading is fine
    assert ModerationAction.objects.get().until is not None
    bad = moderator.post(
        f"/moderation/reports/{report['id']}/actions", {"kind": "suspend", "reason": "x"}
    )
    assert bad.json()["error"] == "invalid_days"


def test_a_ban_ends_sessions_and_logins(reported, moderator, api):
    anna, _bo, _note, report = reported
    moderator.post(
        f"/moderation/reports/{report['id']}/actions", {"kind": "ban", "reason": "Scam account."}
    )
    assert anna.get("/me").status_code == 401
    assert api.post("/auth/token", {"username": "anna", "password": PASSWORD}).status_code == 401
    assert User.objects.get(username="anna").is_active is False


def test_warn_and_dismiss(reported, moderator):
    anna, _bo, _note, report = reported
    moderator.post(
        f"/moderation/reports/{report['id']}/actions",
        {"kind": "warn", "reason": "Please read the guidelines."},
    )
    assert len(_moderation_notices(anna)) == 1
    assert (
        moderator.post(
            f"/moderation/reports/{report['id']}/actions", {"kind": "dismiss", "reason": ""}
        ).json()["error"]
        == "reason_required"
    )
    moderator.post(
        f"/moderation/reports/{report['id']}/actions", {"kind": "dismiss", "reason": "Handled."}
    )
    assert len(_moderation_notices(anna)) == 1  # a dismissal tells nobody
    assert [a.kind for a in ModerationAction.objects.order_by("id")] == ["warn", "dismiss"]


def test_the_web_queue_page_for_moderators(client, reported, moderator):
    from crossnote.accounts.models import User as Person

    anna, _bo, _note, report = reported
    client.force_login(Person.objects.get(username="bo"))
    assert client.get("/moderation").status_code == 403
    client.force_login(Person.objects.get(username="mod"))
    page = client.get("/moderation").content.decode()
    assert f'id="report-{report["id"]}"' in page and "free followers" in page
    done = client.post(
        f"/moderation/reports/{report['id']}", {"kind": "warn", "reason": "Be nice."}
    )
    assert done.status_code == 302
    after = client.get("/moderation").content.decode()
    assert "No open reports." in after and "Be nice." in after  # now in the audit log
    assert anna.get("/notifications").json()["items"][0]["kind"] == "moderation"


def test_the_notice_speaks_the_readers_language_not_the_moderators(reported, moderator):
    anna, _bo, _note, report = reported
    moderator.call(
        "POST",
        f"/moderation/reports/{report['id']}/actions",
        json_body={"kind": "hide", "reason": "不允许发垃圾信息。"},
        headers={"Accept-Language": "zh-CN"},
    )
    (notice,) = _moderation_notices(anna)
    assert notice["excerpt"] == "Hide the note: 不允许发垃圾信息。"
    chinese = anna.call("GET", "/notifications", headers={"Accept-Language": "zh-CN"}).json()
    assert chinese["items"][0]["excerpt"] == "隐藏笔记：不允许发垃圾信息。"


def test_a_suspension_notice_says_until_when(reported, moderator):
    anna, _bo, _note, report = reported
    moderator.post(
        f"/moderation/reports/{report['id']}/actions",
        {"kind": "suspend", "reason": "Repeated spam.", "days": 7},
    )
    date = ModerationAction.objects.get().until.strftime("%Y-%m-%d %H:%M UTC")
    (notice,) = _moderation_notices(anna)
    assert notice["excerpt"] == f"Suspend until {date}: Repeated spam."
    chinese = anna.call("GET", "/notifications", headers={"Accept-Language": "zh-CN"}).json()
    assert chinese["items"][0]["excerpt"] == f"暂停账号至 {date}：Repeated spam."
