"""Likes, collects and boards, comments and replies, views — and counts that agree with rows."""

import random

from django.db.models import Count

from crossnote.accounts.models import User
from crossnote.engagement.models import Board, Collect, Comment, Like
from crossnote.notes.models import Note
from crossnote.relations.models import Follow


def test_like_and_unlike_are_idempotent(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna)
    path = f"/notes/{note['id']}/like"
    assert [bo.post(path).json() for _ in range(2)] == [{"liked": True, "like_count": 1}] * 2
    assert bo.get(f"/notes/{note['id']}").json()["liked"] is True
    assert [bo.delete(path).json() for _ in range(2)] == [{"liked": False, "like_count": 0}] * 2
    kinds = [n["kind"] for n in anna.get("/notifications").json()["items"]]
    assert kinds == ["like"]  # liking again does not notify again
    bo.post(path)
    assert [n["kind"] for n in anna.get("/notifications").json()["items"]] == ["like"]


def test_collect_into_default_and_own_boards(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna)
    first = bo.post(f"/notes/{note['id']}/collect").json()
    boards = bo.get("/me/boards").json()
    assert [(b["name"], b["is_default"], b["is_private"], b["note_count"]) for b in boards] == [
        ("Collected", True, True, 1)
    ]
    assert first == {"collected": True, "board_id": boards[0]["id"], "collect_count": 1}
    trips = bo.post("/me/boards", {"name": "Trips 旅行", "is_private": False}).json()
    moved = bo.post(f"/notes/{note['id']}/collect", {"board_id": trips["id"]}).json()
    assert moved == {"collected": True, "board_id": trips["id"], "collect_count": 1}
    counts = {b["name"]: b["note_count"] for b in bo.get("/me/boards").json()}
    assert counts == {"Collected": 0, "Trips 旅行": 1}
    # Public boards are visible to others, private ones are not.
    assert [b["name"] for b in anna.get("/users/bo/boards").json()] == ["Trips 旅行"]
    assert [n["id"] for n in anna.get(f"/boards/{trips['id']}/notes").json()["items"]] == [
        note["id"]
    ]
    assert anna.get(f"/boards/{boards[0]['id']}/notes").status_code == 404
    assert bo.post(f"/notes/{note['id']}/collect", {"board_id": 999999}).status_code == 404
    assert bo.delete(f"/notes/{note['id']}/collect").json()["collect_count"] == 0


def test_deleting_a_board_moves_its_notes_home(make_user, post_note):
    _anna, anna = make_user("anna")
    note = post_note(make_user("bo")[1])
    board = anna.post("/me/boards", {"name": "Food"}).json()
    anna.post(f"/notes/{note['id']}/collect", {"board_id": board["id"]})
    assert anna.delete(f"/me/boards/{board['id']}").status_code == 200
    assert [(b["name"], b["note_count"]) for b in anna.get("/me/boards").json()] == [
        ("Collected", 1)
    ]
    default_id = anna.get("/me/boards").json()[0]["id"]
    assert anna.delete(f"/me/boards/{default_id}").json()["error"] == "default_board"


def test_comments_have_one_level_of_replies(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    _cy, cy = make_user("cy")
    note = post_note(anna)
    path = f"/notes/{note['id']}/comments"
    top = bo.post(path, {"body": "Where is this? 这是哪里？"}).json()
    reply = anna.post(path, {"body": "The Bund!", "parent_id": top["id"]}).json()
    deeper = cy.post(path, {"body": "Thanks @anna", "parent_id": reply["id"]}).json()
    assert reply["parent_id"] == top["id"] and reply["reply_to"] == "bo"
    assert deeper["parent_id"] == top["id"] and deeper["reply_to"] == "anna"
    thread = bo.get(path).json()["items"]
    assert len(thread) == 1
    assert [r["id"] for r in thread[0]["replies"]] == [reply["id"], deeper["id"]]
    assert thread[0]["reply_count"] == 2
    assert anna.get(f"/notes/{note['id']}").json()["comment_count"] == 3
    bo_kinds = [n["kind"] for n in bo.get("/notifications").json()["items"]]
    assert bo_kinds == ["reply"]
    anna_kinds = sorted(n["kind"] for n in anna.get("/notifications").json()["items"])
    assert anna_kinds == ["comment", "reply"]  # cy answering anna is one reply, not also a mention
    assert bo.post(path, {"body": "   "}).json()["error"] == "empty_comment"
    assert bo.post(path, {"body": "x" * 501}).json()["error"] == "comment_too_long"
    assert bo.post(path, {"body": "hi", "parent_id": 123456}).status_code == 404


def test_deleting_comments(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    _cy, cy = make_user("cy")
    note = post_note(anna)
    path = f"/notes/{note['id']}/comments"
    top = bo.post(path, {"body": "top"}).json()
    cy.post(path, {"body": "reply", "parent_id": top["id"]})
    assert cy.delete(f"{path}/{top['id']}").status_code == 403
    assert anna.delete(f"{path}/{top['id']}").status_code == 200  # the note's author may
    assert anna.get(f"/notes/{note['id']}").json()["comment_count"] == 0
    assert not Comment.objects.exists()


def test_comment_likes(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna)
    comment = bo.post(f"/notes/{note['id']}/comments", {"body": "hi"}).json()
    like = f"/notes/{note['id']}/comments/{comment['id']}/like"
    anna.post(like)
    anna.post(like)
    item = anna.get(f"/notes/{note['id']}/comments").json()["items"][0]
    assert item["like_count"] == 1 and item["liked"] is True
    anna.delete(like)
    assert anna.get(f"/notes/{note['id']}/comments").json()["items"][0]["like_count"] == 0


def test_views_count_once_per_viewer_per_half_hour(make_user, post_note, client):
    from datetime import timedelta

    from crossnote.engagement.models import NoteView
    from crossnote.tags.models import Hashtag

    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna, "#citywalk")
    for _ in range(3):
        bo.get(f"/notes/{note['id']}")
    anna.get(f"/notes/{note['id']}")  # the author's own views do not count
    client.get(f"/api/v1/notes/{note['id']}")  # anonymous: keyed by client
    client.get(f"/api/v1/notes/{note['id']}")
    assert Note.objects.get(pk=note["id"]).view_count == 2
    NoteView.objects.update(counted_at=NoteView.objects.first().counted_at - timedelta(minutes=31))
    bo.get(f"/notes/{note['id']}")
    assert Note.objects.get(pk=note["id"]).view_count == 3
    assert Hashtag.objects.get(key="citywalk").view_count == 3


def test_counts_always_agree_with_rows(make_user, post_note):
    """Random engagement, repeated and undone, never lets a counter drift from its rows."""
    rng = random.Random(7)
    people = [make_user(f"p{i}") for i in range(5)]
    notes = [post_note(client, f"note {i}") for i, (_u, client) in enumerate(people[:3])]
    for _ in range(150):
        user, client = rng.choice(people)
        note = rng.choice(notes)["id"]
        action = rng.choice(
            ["like", "unlike", "collect", "uncollect", "comment", "follow", "unfollow"]
        )
        if action == "like":
            client.post(f"/notes/{note}/like")
        elif action == "unlike":
            client.delete(f"/notes/{note}/like")
        elif action == "collect":
            client.post(f"/notes/{note}/collect")
        elif action == "uncollect":
            client.delete(f"/notes/{note}/collect")
        elif action == "comment":
            client.post(f"/notes/{note}/comments", {"body": "hi"})
        else:
            other = rng.choice(people)[0]
            if other != user:
                client.call(
                    "POST" if action == "follow" else "DELETE", f"/users/{other.username}/follow"
                )
    for note in Note.objects.annotate(
        n_likes=Count("likes", distinct=True),
        n_collects=Count("collects", distinct=True),
        n_comments=Count("comments", distinct=True),
    ):
        assert (note.like_count, note.collect_count, note.comment_count) == (
            note.n_likes,
            note.n_collects,
            note.n_comments,
        )
    for user in User.objects.all():
        assert user.follower_count == Follow.objects.filter(followee=user).count()
        assert user.following_count == Follow.objects.filter(follower=user).count()
    for board in Board.objects.all():
        assert board.note_count == Collect.objects.filter(board=board).count()
    assert Like.objects.count() == sum(Note.objects.values_list("like_count", flat=True))
