"""A site setting can require review before a hashtag trends (as Mastodon does): only topics
a moderator approved are in the trending list; review gates nothing else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import TestCase

from crossnote.moderation.actions import do_save_site_settings
from crossnote.moderation.models import ModerationAction
from crossnote.moderation.queries import site_settings
from crossnote.tags.actions import do_make_alias
from crossnote.tags.models import Hashtag
from crossnote.tags.parsing import tag_key
from crossnote.tags.queries import trending_tags


@pytest.fixture
def viewed(make_user, post_note):
    """anna's notes #hot (viewed three times) and #cool (once); `sam` is a member."""
    _anna, anna = make_user("anna")
    _sam, sam = make_user("sam")
    viewers = [sam, *(make_user(f"v{i}")[1] for i in range(2))]
    hot = post_note(anna, "#hot in town")["id"]
    cool = post_note(anna, "#cool and calm")["id"]
    for viewer in viewers:
        viewer.get(f"/notes/{hot}")
    sam.get(f"/notes/{cool}")
    return sam


def _require_review(on: bool = True) -> None:
    row = site_settings()
    row.hashtags_need_review = on
    with TestCase.captureOnCommitCallbacks(execute=True):  # as when the admin's form commits
        do_save_site_settings(row)


def _trending(client) -> list[str]:
    response = client.get("/tags/trending")
    assert response.status_code == 200
    return [t["name"] for t in response.json()]


def _review(client, name: str, decision: str, reason: str = ""):
    return client.post(f"/moderation/tags/{name}/review", {"decision": decision, "reason": reason})


def test_with_the_setting_off_trending_is_as_before(viewed, moderator):
    assert site_settings().hashtags_need_review is False  # the default: `make demo` unchanged
    assert _trending(viewed) == ["hot", "cool"]
    assert moderator.get("/moderation/tags").json() == []


def test_the_deployment_chooses_the_first_value(settings, db):
    settings.CROSSNOTE_TRENDING_REVIEW = True
    assert site_settings().hashtags_need_review is True


def test_pending_tags_stay_out_until_a_moderator_approves(viewed, moderator, client):
    assert _trending(viewed) == ["hot", "cool"]  # cached a moment ago, without review
    _require_review()
    assert _trending(viewed) == []
    queue = moderator.get("/moderation/tags").json()
    assert [(t["name"], t["recent_views"], t["review_state"]) for t in queue] == [
        ("hot", 3, "pending"),
        ("cool", 1, "pending"),
    ]
    done = _review(moderator, "HOT", "approve", "Local news, fine.")
    assert done.status_code == 200
    assert done.json()["name"] == "hot" and done.json()["review_state"] == "approved"
    assert _trending(viewed) == ["hot"]
    assert [t["name"] for t in moderator.get("/moderation/tags").json()] == ["cool"]
    page = client.get("/trending").content.decode()
    assert "#hot" in page and "#cool" not in page
    hot = Hashtag.objects.get(key="hot")
    assert hot.reviewed_by.username == "mod" and hot.reviewed_at is not None


def test_a_rejected_tag_stays_out_of_trending_and_off_the_queue(viewed, moderator):
    _require_review()
    assert _review(moderator, "cool", "reject", "Spam wave").status_code == 200
    assert _review(moderator, "hot", "approve").status_code == 200
    assert _trending(viewed) == ["hot"]
    assert moderator.get("/moderation/tags").json() == []


def test_review_only_gates_trending_not_pages_or_search(viewed, moderator):
    _require_review()
    _review(moderator, "cool", "reject", "Not for the front page")
    assert viewed.get("/tags/cool").status_code == 200
    assert len(viewed.get("/tags/cool/notes").json()["items"]) == 1
    assert viewed.get("/tags/hot").json()["note_count"] == 1  # pending: its page works too
    assert viewed.get("/search", q="calm").json()["notes"]


def test_an_alias_follows_its_canonical_tag(make_user, post_note, moderator):
    _anna, anna = make_user("anna")
    _sam, sam = make_user("sam")
    english = post_note(anna, "#TikTokRefugee hello")["id"]
    chinese = post_note(anna, "#TikTok难民 你好")["id"]
    do_make_alias(
        Hashtag.objects.get(key=tag_key("TikTok难民")), Hashtag.objects.get(key="tiktokrefugee")
    )
    sam.get(f"/notes/{english}")
    sam.get(f"/notes/{chinese}")
    _require_review()
    (item,) = moderator.get("/moderation/tags").json()
    assert (item["name"], item["recent_views"], item["aliases"]) == (
        "TikTokRefugee",
        2,
        ["TikTok难民"],
    )
    done = _review(moderator, "TikTok难民", "approve")  # reviewing the alias reviews the topic
    assert done.json()["name"] == "TikTokRefugee"
    assert [(t["name"], t["recent_views"]) for t in sam.get("/tags/trending").json()] == [
        ("TikTokRefugee", 2)
    ]
    assert Hashtag.objects.get(key="tiktokrefugee").review_state == "approved"
    assert Hashtag.objects.get(key=tag_key("TikTok难民")).review_state == "pending"  # unused


def test_only_moderators_may_review(viewed, api):
    _require_review()
    refused = _review(viewed, "hot", "approve")
    assert refused.status_code == 403
    assert refused.json() == {
        "error": "not_a_moderator",
        "message": "Only moderators can do that.",
    }
    assert viewed.get("/moderation/tags").json()["error"] == "not_a_moderator"
    assert _review(api, "hot", "approve").status_code == 401
    assert Hashtag.objects.get(key="hot").review_state == "pending"
    assert not ModerationAction.objects.exists()


def test_the_web_queue_is_for_moderators_only(viewed, client, make_user):
    from tests.conftest import PASSWORD

    _require_review()
    client.login(username="sam", password=PASSWORD)
    assert client.get("/moderation").status_code == 403
    refused = client.post("/moderation/tags/hot", {"decision": "approve"})
    assert refused.status_code == 403 and "Only moderators can do that." in refused.content.decode()
    assert Hashtag.objects.get(key="hot").review_state == "pending"


@pytest.mark.parametrize(
    ("name", "body", "status", "error"),
    [
        ("hot", {"decision": "maybe"}, 400, "invalid_decision"),
        ("hot", {"decision": "approve", "reason": "x" * 1001}, 400, "reason_too_long"),
        ("nope", {"decision": "approve"}, 404, "not_found"),
        ("hot", {"reason": "no decision"}, 422, "invalid_input"),
    ],
)
def test_bad_review_input_is_refused(viewed, moderator, name, body, status, error):
    _require_review()
    response = moderator.post(f"/moderation/tags/{name}/review", body)
    assert (response.status_code, response.json()["error"]) == (status, error)
    assert not ModerationAction.objects.exists()


def test_each_review_is_in_the_audit_log(viewed, moderator):
    _require_review()
    _review(moderator, "cool", "reject", "Spam wave")
    log = ModerationAction.objects.get()
    assert (log.moderator.username, log.kind, log.excerpt, log.reason, log.person) == (
        "mod",
        "reject_tag",
        "#cool",
        "Spam wave",
        None,
    )
    assert log.tag_id == Hashtag.objects.get(key="cool").pk and log.created_at


def test_the_web_queue_approves_with_and_without_htmx(viewed, client, make_user):
    from tests.conftest import PASSWORD

    user, _mo = make_user("mo")
    user.user_permissions.add(Permission.objects.get(codename="moderate"))
    _require_review()
    client.login(username="mo", password=PASSWORD)
    page = client.get("/moderation").content.decode()
    assert "#hot" in page and "#cool" in page and 'value="approve"' in page
    row = client.post(
        "/moderation/tags/hot", {"decision": "approve"}, headers={"HX-Request": "true"}
    )
    assert row.status_code == 200 and "Approved for trending" in row.content.decode()
    plain = client.post("/moderation/tags/cool", {"decision": "reject", "reason": "Spam"})
    assert plain.status_code == 302 and plain["Location"] == "/moderation"
    page = client.get("/moderation").content.decode()
    assert "#cool stays out of the trending list." in page
    assert "Keep the hashtag out of trending" in page and "“Spam”" in page  # the audit log
    assert [t["tag"].name for t in trending_tags()] == ["hot"]


def test_a_report_cannot_be_answered_with_a_hashtag_review(make_user, post_note, moderator):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna, "hello")
    report = bo.post("/reports", {"about": "note", "note_id": note["id"], "reason": "spam"}).json()
    refused = moderator.post(
        f"/moderation/reports/{report['id']}/actions", {"kind": "approve_tag", "reason": "x"}
    )
    assert refused.status_code == 422 and not ModerationAction.objects.exists()


def test_staff_turn_review_on_and_review_tags_in_the_admin(viewed, client, make_user):
    from crossnote.accounts.models import User

    admin = User.objects.create_superuser("boss", password="a-long-admin-password")
    client.force_login(admin)
    form = client.get("/admin/moderation/sitesettings/", follow=True)
    assert form.status_code == 200 and "Hashtags need review before trending" in form.text
    with TestCase.captureOnCommitCallbacks(execute=True):
        saved = client.post(
            "/admin/moderation/sitesettings/1/change/", {"hashtags_need_review": "on"}
        )
    assert saved.status_code == 302 and site_settings().hashtags_need_review is True
    assert trending_tags() == []
    hot = Hashtag.objects.get(key="hot")
    done = client.post(
        "/admin/tags/hashtag/",
        {"action": "approve_for_trending", "_selected_action": [hot.pk]},
    )
    assert done.status_code == 302
    assert [t["tag"].name for t in trending_tags()] == ["hot"]
    assert ModerationAction.objects.get().kind == "approve_tag"
