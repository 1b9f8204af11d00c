"""Deleting an account: asked with the password, cancelled by logging in within the grace
period, then erased by the hourly sweep, leaving nothing of the person anywhere: counts on
others' rows are right, search (words and meaning) and Following feeds show nothing of
theirs, their files are gone from disk, and their name stays taken."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import TestCase

from crossnote.accounts import deletion
from crossnote.accounts.models import ApiToken, User
from crossnote.engagement.models import Board, Comment, CommentLike, Like
from crossnote.feeds.stores import timeline_store
from crossnote.media.models import Photo
from crossnote.notes.models import Note
from crossnote.notifications.models import Notification
from crossnote.relations.models import Block, Follow, Mute
from crossnote.search import meaning, vectors
from crossnote.search.models import NoteDocument
from crossnote.tags.models import Hashtag
from tests.conftest import PASSWORD


def _ids(client, q):
    response = client.get("/search", q=q)
    assert response.status_code == 200, response.content
    return [n["id"] for n in response.json()["notes"]]


def _following_ids(client):
    response = client.get("/feeds/following")
    assert response.status_code == 200, response.content
    return [n["id"] for n in response.json()["items"]]


def _files_of(photo_ids):
    paths = []
    for photo in Photo.objects.filter(pk__in=photo_ids):
        paths += [Path(settings.MEDIA_ROOT) / name for name in (photo.grid, photo.full) if name]
    return paths


@pytest.fixture
def world(make_user, post_note):
    """Dora (who leaves) with notes, comments, likes, collects and follows among others."""
    dora_user, dora = make_user("dora")
    ben_user, ben = make_user("ben")
    cai_user, cai = make_user("cai")
    dora_note = post_note(dora, "Zanzibar spice market at dawn #spicemarket", title="Spices")
    other_dora = post_note(dora, "Quiet lighthouse walk", title="Lighthouse", images_count=2)
    ben_note = post_note(ben, "Ben's bakery visit #spicemarket", title="Bakery")
    # Follows both ways, so Dora's notes are in Ben's timeline.
    assert ben.post("/users/dora/follow").status_code == 200
    assert dora.post("/users/ben/follow").status_code == 200
    assert cai.post("/users/dora/follow").status_code == 200
    # Dora engages with Ben's note; Ben collects Dora's.
    assert dora.post(f"/notes/{ben_note['id']}/like").status_code == 200
    assert dora.post(f"/notes/{ben_note['id']}/collect", {}).status_code == 200
    assert ben.post(f"/notes/{dora_note['id']}/collect", {}).status_code == 200
    assert ben.post(f"/notes/{dora_note['id']}/like").status_code == 200
    top = dora.post(f"/notes/{ben_note['id']}/comments", {"body": "Looks great"}).json()
    reply = cai.post(
        f"/notes/{ben_note['id']}/comments", {"body": "Agreed!", "parent_id": top["id"]}
    ).json()
    ben_comment = ben.post(f"/notes/{ben_note['id']}/comments", {"body": "Thanks all"}).json()
    dora_reply = dora.post(
        f"/notes/{ben_note['id']}/comments",
        {"body": "You are welcome", "parent_id": ben_comment["id"]},
    ).json()
    assert (
        dora.post(f"/notes/{ben_note['id']}/comments/{ben_comment['id']}/like").status_code == 200
    )
    assert dora.post("/users/cai/mute").status_code == 200
    return {
        "dora": dora_user,
        "ben": ben_user,
        "cai": cai_user,
        "clients": {"dora": dora, "ben": ben, "cai": cai},
        "dora_notes": [dora_note["id"], other_dora["id"]],
        "ben_note": ben_note["id"],
        "top": top["id"],
        "reply": reply["id"],
        "ben_comment": ben_comment["id"],
        "dora_reply": dora_reply["id"],
    }


def test_asking_needs_the_password_and_ends_every_session(world, api):
    dora = world["clients"]["dora"]
    wrong = dora.post("/me/deletion", {"password": "not it"})
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "wrong_password"
    assert User.objects.get(username="dora").deletion_requested_at is None
    assert dora.get("/me").status_code == 200  # nothing changed

    answer = dora.post("/me/deletion", {"password": PASSWORD})
    assert answer.status_code == 202
    due = answer.json()["deletion_due_at"]
    user = User.objects.get(username="dora")
    assert user.deletion_requested_at is not None
    assert due.startswith(deletion.deletion_due_at(user).date().isoformat())
    assert dora.get("/me").status_code == 401  # tokens revoked
    assert not ApiToken.objects.filter(user=user).exists()
    # Until the grace period ends, nothing is deleted.
    assert Note.objects.filter(author=user).count() == 2


def test_a_missing_password_is_refused(world):
    answer = world["clients"]["dora"].post("/me/deletion", {})
    assert answer.status_code == 422
    assert User.objects.get(username="dora").deletion_requested_at is None


def test_logging_in_within_the_grace_period_cancels_and_says_so(world, api, run_sweep):
    assert world["clients"]["dora"].post("/me/deletion", {"password": PASSWORD}).status_code == 202
    User.objects.filter(username="dora").update(
        deletion_requested_at=User.objects.get(username="dora").deletion_requested_at
    )
    login = api.post("/auth/token", {"username": "dora", "password": PASSWORD, "name": "phone"})
    assert login.status_code == 201
    assert login.json()["deletion_cancelled"] is True
    assert User.objects.get(username="dora").deletion_requested_at is None
    # A later login says nothing, and the sweep leaves the account alone.
    again = api.post("/auth/token", {"username": "dora", "password": PASSWORD, "name": "tab"})
    assert again.json()["deletion_cancelled"] is False
    run_sweep()
    assert User.objects.get(username="dora").is_active


def test_logging_in_on_the_web_cancels_with_a_message(world, client):
    world["clients"]["dora"].post("/me/deletion", {"password": PASSWORD})
    response = client.post("/login", {"username": "dora", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "will not be deleted" in response.content.decode()
    assert User.objects.get(username="dora").deletion_requested_at is None


def test_the_sweep_waits_for_the_grace_period(world, run_sweep):
    world["clients"]["dora"].post("/me/deletion", {"password": PASSWORD})
    run_sweep(world["dora"], days_ago=13)
    dora = User.objects.get(username="dora")
    assert dora.is_active and dora.deleted_at is None
    assert Note.objects.filter(author=dora).count() == 2


def test_after_deletion_nothing_of_theirs_is_left(world, api, run_sweep):
    dora, ben, cai = world["dora"], world["ben"], world["cai"]
    ben_client, cai_client = world["clients"]["ben"], world["clients"]["cai"]
    dora_notes = world["dora_notes"]
    photo_ids = list(Photo.objects.filter(owner=dora).values_list("pk", flat=True))
    files = _files_of(photo_ids)
    assert files and all(path.exists() for path in files)
    assert set(dora_notes) <= set(_following_ids(ben_client))
    assert dora_notes[0] in _ids(api, "zanzibar")
    assert set(dora_notes) & {i for i, _ in vectors.nearest(meaning.encode_query("lighthouse"), 5)}
    tag = Hashtag.objects.get(key="spicemarket")
    assert tag.note_count == 2
    ben_board = Board.objects.get(owner=ben, is_default=True)
    assert ben_board.note_count == 1

    world["clients"]["dora"].post("/me/deletion", {"password": PASSWORD})
    run_sweep(dora)

    # The tombstone: no profile, no login, name kept.
    gone = User.objects.get(pk=dora.pk)
    assert gone.deleted_at is not None and not gone.is_active
    assert not gone.has_usable_password()
    assert (gone.display_name, gone.email, gone.bio) == ("", "", "")
    assert api.get("/users/dora").status_code == 404
    again = api.post("/auth/signup", {"username": "Dora", "password": PASSWORD})
    assert again.status_code == 409
    login = api.post("/auth/token", {"username": "dora", "password": PASSWORD, "name": "x"})
    assert login.status_code == 401

    # Notes, search (words and meaning) and timelines.
    assert not Note.objects.filter(author=dora).exists()
    assert not NoteDocument.objects.filter(note_id__in=dora_notes).exists()
    assert _ids(api, "zanzibar") == []
    assert _ids(ben_client, "lighthouse") == []
    nearest = {i for i, _ in vectors.nearest(meaning.encode_query("lighthouse walk"), 10)}
    assert not nearest & set(dora_notes)
    assert not set(_following_ids(ben_client)) & set(dora_notes)
    assert not set(_following_ids(cai_client)) & set(dora_notes)
    assert timeline_store().page(ben.pk, None, 50) == []
    assert timeline_store().page(dora.pk, None, 50) == []

    # Files on disk.
    assert not Photo.objects.filter(owner=dora).exists()
    assert not any(path.exists() for path in files)

    # Counts on others' rows.
    ben_note = Note.objects.get(pk=world["ben_note"])
    assert ben_note.like_count == 0
    assert ben_note.collect_count == 0
    # Dora's top-level comment took Cai's reply with it; her reply to Ben is gone too.
    assert list(Comment.objects.filter(note=ben_note).values_list("pk", flat=True)) == [
        world["ben_comment"]
    ]
    assert ben_note.comment_count == 1
    kept = Comment.objects.get(pk=world["ben_comment"])
    assert (kept.reply_count, kept.like_count) == (0, 0)
    assert ben_client.get(f"/notes/{ben_note.pk}").json()["comment_count"] == 1
    assert Board.objects.get(pk=ben_board.pk).note_count == 0
    assert Hashtag.objects.get(pk=tag.pk).note_count == 1
    ben.refresh_from_db()
    cai.refresh_from_db()
    assert (ben.follower_count, ben.following_count) == (0, 0)
    assert (cai.follower_count, cai.following_count) == (0, 0)

    # Rows of theirs anywhere.
    assert not Follow.objects.filter(follower=dora).exists()
    assert not Follow.objects.filter(followee=dora).exists()
    assert not Like.objects.filter(user=dora).exists()
    assert not CommentLike.objects.filter(user=dora).exists()
    assert not Board.objects.filter(owner=dora).exists()
    assert not Mute.objects.filter(muter=dora).exists()
    assert not Notification.objects.filter(actor=dora).exists()
    assert not Notification.objects.filter(recipient=dora).exists()


def test_stored_translations_of_their_text_go_too(world, run_sweep):
    from crossnote.translation.models import Translation

    def stored(kind, object_id):
        return Translation.objects.create(
            kind=kind,
            object_id=object_id,
            revision="r",
            target="zh-hans",
            engine="offline",
            parts=["译文"],
        )

    dora = world["dora"]
    mine = [
        stored("note", world["dora_notes"][0]),
        stored("comment", world["top"]),
        stored("comment", world["reply"]),  # Cai's reply under Dora's comment
        stored("bio", dora.pk),
    ]
    kept = stored("comment", world["ben_comment"])
    world["clients"]["dora"].post("/me/deletion", {"password": PASSWORD})
    run_sweep(dora)
    assert not Translation.objects.filter(pk__in=[t.pk for t in mine]).exists()
    assert Translation.objects.filter(pk=kept.pk).exists()


def test_blocks_either_way_and_the_avatar_go_too(make_user, run_sweep, api):
    from tests import images

    eve_user, eve = make_user("eve")
    _fay_user, fay = make_user("fay")
    make_user("gus")
    assert fay.post("/users/eve/block").status_code == 200
    assert eve.post("/users/gus/block").status_code == 200
    assert eve.post("/users/gus/mute").status_code == 200
    avatar = eve.call("POST", "/me/avatar", data={"image": images.upload(images.jpeg(), "a.jpg")})
    assert avatar.status_code in (200, 202), avatar.content
    eve_user.refresh_from_db()
    files = _files_of([eve_user.avatar_id])
    assert files and all(p.exists() for p in files)
    eve.post("/me/deletion", {"password": PASSWORD})
    run_sweep(eve_user)
    assert not Block.objects.filter(blocked=eve_user).exists()
    assert not Block.objects.filter(blocker=eve_user).exists()
    assert not Mute.objects.filter(muter=eve_user).exists()
    assert not any(p.exists() for p in files)


def test_erasing_resumes_after_a_crash_and_runs_once(world, run_sweep, monkeypatch):
    dora = world["dora"]
    world["clients"]["dora"].post("/me/deletion", {"password": PASSWORD})

    def crash(user):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(deletion, "_delete_comments", crash)
    run_sweep(dora)  # the task fails (Huey logs it); the sweep will run it again
    half = User.objects.get(pk=dora.pk)
    assert not half.is_active and half.deleted_at is None  # no login into half an account
    assert not Note.objects.filter(author=dora).exists()
    monkeypatch.undo()
    run_sweep()  # the next hourly sweep picks it up again
    assert User.objects.get(pk=dora.pk).deleted_at is not None
    assert not Comment.objects.filter(author=dora).exists()
    assert Note.objects.get(pk=world["ben_note"]).comment_count == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert deletion.erase_account(dora.pk) is False  # nothing to do twice


def test_a_cancelled_request_is_not_erased(world):
    dora = world["dora"]
    world["clients"]["dora"].post("/me/deletion", {"password": PASSWORD})
    User.objects.filter(pk=dora.pk).update(deletion_requested_at=None)
    assert deletion.begin_erasing(dora.pk) is False
    assert User.objects.get(pk=dora.pk).is_active


def test_web_settings_delete_with_password(world, client):
    client.force_login(User.objects.get(username="ben"))
    page = client.get("/settings/data")
    assert page.status_code == 200
    assert "Delete your account" in page.content.decode()
    wrong = client.post("/settings/data", {"action": "delete_account", "password": "nope"})
    assert wrong.status_code == 400
    assert "current password" in wrong.content.decode()
    assert User.objects.get(username="ben").deletion_requested_at is None
    done = client.post(
        "/settings/data", {"action": "delete_account", "password": PASSWORD}, follow=True
    )
    assert done.status_code == 200
    assert "will be deleted on" in done.content.decode()
    assert User.objects.get(username="ben").deletion_requested_at is not None
    assert client.get("/settings/data").status_code == 302  # logged out
