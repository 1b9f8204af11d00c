"""A suspended person reads but writes nothing others would see; a banned person disappears
(moderators can still open them) until an unban brings everything back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.moderation.models import ModerationAction
from tests import images
from tests.conftest import PASSWORD

# What a suspended person gets for each write, API and web ("-": no such web form).
WRITES = """
write           api  web
post_note       403  403
edit_note       403  -
comment         403  403
like_note       403  403
like_comment    403  403
collect         403  403
follow          403  403
create_board    403  -
edit_profile    403  403
go_private      200  -
set_avatar      403  -
report          201  -
block           200  -
mute            200  -
unlike_note     200  -
delete_comment  200  -
add_filter      201  -
read_discover   200  200
"""


def _table() -> dict[str, tuple[str, str]]:
    _header, *rows = [line.split() for line in WRITES.strip().splitlines()]
    return {write: (api, web) for write, api, web in rows}


def _act(moderator, reporter, username: str, action: dict) -> None:
    report = reporter.post("/reports", {"about": "person", "username": username, "reason": "spam"})
    done = moderator.post(f"/moderation/reports/{report.json()['id']}/actions", action)
    assert done.status_code == 201, done.content


@pytest.fixture
def suspended(make_user, post_note, moderator):
    """anna liked and commented on bo's note, and has a note of her own; then suspended."""
    anna_user, anna = make_user("anna")
    _bo, bo = make_user("bo")
    own = post_note(anna, "My own note")["id"]
    note = post_note(bo, "Bo's note")["id"]
    anna.post(f"/notes/{note}/like")
    comment = anna.post(f"/notes/{note}/comments", {"body": "anna's words"}).json()["id"]
    bo_comment = bo.post(f"/notes/{note}/comments", {"body": "bo's words"}).json()["id"]
    _act(moderator, bo, "anna", {"kind": "suspend", "reason": "Spam.", "days": 7})
    return anna_user, anna, bo, own, note, comment, bo_comment


def test_a_suspended_person_reads_but_cannot_write(suspended):
    _anna_user, anna, _bo, own, note, comment, bo_comment = suspended
    upload = {"title": "x", "images": [images.upload(images.jpeg())]}
    calls = {
        "post_note": lambda: anna.call("POST", "/notes", data=upload),
        "edit_note": lambda: anna.patch(f"/notes/{own}", {"title": "spam"}),
        "comment": lambda: anna.post(f"/notes/{note}/comments", {"body": "more"}),
        "like_note": lambda: anna.post(f"/notes/{note}/like"),
        "like_comment": lambda: anna.post(f"/notes/{note}/comments/{bo_comment}/like"),
        "collect": lambda: anna.post(f"/notes/{note}/collect"),
        "follow": lambda: anna.post("/users/bo/follow"),
        "create_board": lambda: anna.post("/me/boards", {"name": "Deals", "is_private": False}),
        "edit_profile": lambda: anna.patch("/me", {"bio": "buy followers"}),
        # Protecting oneself stays open (a harassed person may go private while suspended).
        "go_private": lambda: anna.patch("/me", {"is_private": True, "bio": ""}),
        "set_avatar": lambda: anna.call(
            "POST", "/me/avatar", data={"image": images.upload(images.jpeg())}
        ),
        "report": lambda: anna.post(
            "/reports", {"about": "person", "username": "bo", "reason": "other"}
        ),
        "block": lambda: anna.post("/users/mod/block"),
        "mute": lambda: anna.post("/users/bo/mute"),
        "unlike_note": lambda: anna.delete(f"/notes/{note}/like"),
        "delete_comment": lambda: anna.delete(f"/notes/{note}/comments/{comment}"),
        "add_filter": lambda: anna.post("/me/filters", {"phrase": "spoiler"}),
        "read_discover": lambda: anna.get("/feeds/discover"),
    }
    expected = {write: api for write, (api, _web) in _table().items()}
    got = {}
    for write, call in calls.items():
        response = call()
        got[write] = str(response.status_code)
        if response.status_code == 403:
            assert response.json()["error"] == "suspended", write
    assert got == expected


def test_a_suspended_person_gets_a_clear_403_on_the_web(suspended):
    anna_user, _anna, _bo, _own, note, _comment, bo_comment = suspended
    web = Client()
    web.force_login(anna_user)
    posts = {
        "post_note": ("/notes/new", {"title": "x", "images": [images.upload(images.jpeg())]}),
        "comment": (f"/notes/{note}/comments", {"body": "more"}),
        "like_note": (f"/notes/{note}/like", {}),
        "like_comment": (f"/notes/{note}/comments/{bo_comment}/like", {}),
        "collect": (f"/notes/{note}/collect", {}),
        "follow": ("/@bo/follow", {}),
        "edit_profile": ("/settings", {"display_name": "Deals", "bio": "buy followers"}),
    }
    expected = {w: web for w, (_api, web) in _table().items() if web != "-"}
    got = {write: str(web.post(path, data).status_code) for write, (path, data) in posts.items()}
    got["read_discover"] = str(web.get("/").status_code)
    assert got == expected
    assert "suspended" in web.post(f"/notes/{note}/like").content.decode()


def test_a_suspended_persons_content_stays(suspended):
    _anna_user, _anna, bo, own, note, _comment, _bo_comment = suspended
    assert bo.get(f"/notes/{own}").status_code == 200
    bodies = [c["body"] for c in bo.get(f"/notes/{note}/comments").json()["items"]]
    assert "anna's words" in bodies


def test_a_ban_hides_everything_until_an_unban_restores_it(make_user, post_note, moderator, api):
    anna_user, anna = make_user("anna")
    _bo, bo = make_user("bo")
    own = post_note(anna, "Lantern night")["id"]
    note = post_note(bo, "Bo's note")["id"]
    anna.post(f"/notes/{note}/like")
    anna.post(f"/notes/{note}/comments", {"body": "anna's words"})
    web = Client()
    web.force_login(anna_user)
    _act(moderator, bo, "anna", {"kind": "ban", "reason": "Scam account."})

    def shown_to(client) -> dict[str, object]:
        return {  # Discover first: opening a note takes it out of Discover
            "discover": own in {n["id"] for n in client.get("/feeds/discover").json()["items"]},
            "profile": client.get("/users/anna").status_code,
            "note": client.get(f"/notes/{own}").status_code,
            "comment": any(
                c["body"] == "anna's words"
                for c in client.get(f"/notes/{note}/comments").json()["items"]
            ),
            "liker": "anna"
            in {u["username"] for u in client.get(f"/notes/{note}/likes").json()["items"]},
        }

    gone = {"profile": 404, "note": 404, "comment": False, "liker": False, "discover": False}
    assert shown_to(bo) == gone
    assert shown_to(api) == gone  # nobody signed in
    # Moderators can still open the person and their notes (from the queue or the log).
    assert moderator.get("/users/anna").status_code == 200
    assert moderator.get(f"/notes/{own}").status_code == 200
    assert own in {n["id"] for n in moderator.get("/users/anna/notes").json()["items"]}
    # Sessions and tokens end.
    assert anna.get("/me").status_code == 401
    assert web.get("/following").status_code == 302

    lifted = moderator.post(
        "/moderation/people/anna/restore", {"kind": "unban", "reason": "Appeal accepted."}
    )
    assert lifted.status_code == 201
    back = {"profile": 200, "note": 200, "comment": True, "liker": True, "discover": True}
    assert shown_to(bo) == back
    assert api.post("/auth/token", {"username": "anna", "password": PASSWORD}).status_code == 201


def test_lifting_a_suspension_is_audited_and_told_in_the_persons_language(suspended, moderator):
    anna_user, anna, _bo, _own, note, _comment, _bo_comment = suspended
    assert anna.post(f"/notes/{note}/comments", {"body": "hi"}).status_code == 403
    lifted = moderator.post(
        "/moderation/people/anna/restore", {"kind": "unsuspend", "reason": "Sorry, our mistake."}
    )
    assert lifted.status_code == 201 and lifted.json()["kind"] == "unsuspend"
    assert anna.post(f"/notes/{note}/comments", {"body": "hi"}).status_code == 201
    row = ModerationAction.objects.get(pk=lifted.json()["id"])
    assert (row.kind, row.person_id, row.reason) == (
        "unsuspend",
        anna_user.pk,
        "Sorry, our mistake.",
    )
    notices = [n for n in anna.get("/notifications").json()["items"] if n["kind"] == "moderation"]
    assert notices[0]["excerpt"] == "Lift the suspension: Sorry, our mistake."
    in_chinese = anna.call("GET", "/notifications", headers={"Accept-Language": "zh-CN"})
    assert in_chinese.json()["items"][0]["excerpt"].startswith("解除暂停")


@pytest.mark.parametrize(
    ("who", "username", "body", "status", "code"),
    [
        ("member", "anna", {"kind": "unsuspend", "reason": "x"}, 403, "not_a_moderator"),
        ("moderator", "nobody", {"kind": "unsuspend", "reason": "x"}, 404, "not_found"),
        ("moderator", "anna", {"kind": "unban", "reason": "x"}, 400, "not_banned"),
        ("moderator", "anna", {"kind": "unsuspend", "reason": "  "}, 400, "reason_required"),
        ("moderator", "bo", {"kind": "unsuspend", "reason": "x"}, 400, "not_suspended"),
        ("moderator", "anna", {"kind": "pardon", "reason": "x"}, 422, None),
    ],
)
def test_lifting_refuses_what_cannot_be_lifted(
    suspended, moderator, who, username, body, status, code
):
    anna_user, _anna, bo, *_rest = suspended
    client = moderator if who == "moderator" else bo
    before = ModerationAction.objects.count()
    answer = client.post(f"/moderation/people/{username}/restore", body)
    assert answer.status_code == status
    if code:
        assert answer.json()["error"] == code
    assert ModerationAction.objects.count() == before
    anna_user.refresh_from_db()
    assert anna_user.suspended_until is not None


def test_moderators_lift_a_suspension_from_the_queue_page(suspended, moderator):
    anna_user, _anna, _bo, *_rest = suspended
    web = Client()
    web.force_login(User.objects.get(username="mod"))
    page = web.get("/moderation").content.decode()
    assert "@anna" in page and "Lift the suspension" in page
    refused = web.post("/moderation/people/anna/restore", {"kind": "unsuspend", "reason": ""})
    assert refused.status_code == 400
    anna_user.refresh_from_db()
    assert anna_user.suspended_until is not None
    done = web.post("/moderation/people/anna/restore", {"kind": "unsuspend", "reason": "Ok."})
    assert done.status_code == 302
    anna_user.refresh_from_db()
    assert anna_user.suspended_until is None
    assert "Nobody is suspended or banned." in web.get("/moderation").content.decode()
    member = Client()
    member.force_login(anna_user)
    assert member.post("/moderation/people/anna/restore", {"kind": "unsuspend"}).status_code == 403


def test_a_moderator_cannot_lift_their_own_suspension(suspended, moderator):
    mod = User.objects.get(username="mod")
    User.objects.filter(pk=mod.pk).update(suspended_until=timezone.now() + timedelta(days=2))
    answer = moderator.post("/moderation/people/mod/restore", {"kind": "unsuspend", "reason": "x"})
    assert answer.status_code == 403 and answer.json()["error"] == "protected"
    mod.refresh_from_db()
    assert mod.suspended_until is not None
