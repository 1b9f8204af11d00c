"""A notification only points at, or quotes, what its reader may see now: a mention in a note
they cannot read is never written, and a note's audience shrinking later (a visibility edit,
an unfollow, a block) takes its notifications, excerpts and unread count away, every kind."""

import pytest


def _page(client):
    return client.get("/notifications").json()


def _kinds(client):
    return [n["kind"] for n in _page(client)["items"]]


def _web(client, user):
    client.force_login(user)
    return client.get("/notifications").content.decode()


@pytest.mark.parametrize("visibility", ["private", "followers"])
def test_no_mention_from_a_note_the_mentioned_cannot_read(client, make_user, post_note, visibility):
    _anna, anna = make_user("anna")
    bo_user, bo = make_user("bo")
    post_note(anna, "secret plans with @bo", title="Surprise party", visibility=visibility)
    page = _page(bo)
    assert page["items"] == [] and page["unread"] == 0
    html = _web(client, bo_user)
    assert "Surprise party" not in html and 'class="badge"' not in html


def test_a_follower_is_told_of_a_mention_in_a_followers_note(client, make_user, post_note):
    _anna, anna = make_user("anna")
    bo_user, bo = make_user("bo")
    bo.post("/users/anna/follow")
    post_note(anna, "see you @bo", title="Plans", visibility="followers")
    (item,) = _page(bo)["items"]
    assert (item["kind"], item["excerpt"]) == ("mention", "Plans")
    assert "Plans" in _web(client, bo_user)


def test_a_mention_in_a_comment_under_a_note_the_mentioned_cannot_read(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna, "just for me", visibility="private")
    anna.post(f"/notes/{note['id']}/comments", {"body": "remind @bo of this"})
    assert _kinds(bo) == []


def test_making_a_note_private_later_hides_its_notifications(client, make_user, post_note):
    _anna, anna = make_user("anna")
    bo_user, bo = make_user("bo")
    note = post_note(anna, "hi @bo", title="Beach day")
    assert _kinds(bo) == ["mention"]
    anna.patch(f"/notes/{note['id']}", {"visibility": "private"})
    assert _page(bo) == {"items": [], "next_cursor": None, "unread": 0}
    html = _web(client, bo_user)
    assert "Beach day" not in html and 'class="badge"' not in html
    anna.patch(f"/notes/{note['id']}", {"visibility": "public"})
    assert _kinds(bo) == ["mention"]  # "may see now": the audience came back


def test_comment_and_reply_excerpts_follow_the_note(client, make_user, post_note):
    _anna, anna = make_user("anna")
    bo_user, bo = make_user("bo")
    _cy, cy = make_user("cy")
    bo.post("/users/anna/follow")
    note = post_note(anna, "a note", visibility="followers")
    mine = bo.post(f"/notes/{note['id']}/comments", {"body": "lovely"}).json()
    cy.post("/users/anna/follow")
    cy.post(f"/notes/{note['id']}/comments", {"body": "quiet words", "parent_id": mine["id"]})
    cy.post(f"/notes/{note['id']}/comments/{mine['id']}/like")
    assert _kinds(bo) == ["comment_like", "reply"]
    bo.delete("/users/anna/follow")  # bo no longer reads anna's followers-only notes
    assert _page(bo)["items"] == [] and _page(bo)["unread"] == 0
    assert "quiet words" not in _web(client, bo_user)
    # The note's author still sees what happened under their own note.
    # (bo's and cy's follows are one group: "cy and 1 other started following you")
    assert _kinds(anna) == ["comment", "follow", "comment"]


def test_a_block_by_the_notes_author_hides_a_third_persons_reply(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    _cy, cy = make_user("cy")
    note = post_note(anna, "public note")
    mine = bo.post(f"/notes/{note['id']}/comments", {"body": "first"}).json()
    cy.post(f"/notes/{note['id']}/comments", {"body": "about anna", "parent_id": mine["id"]})
    assert _kinds(bo) == ["reply"]
    anna.post("/users/bo/block")
    assert _kinds(bo) == [] and _page(bo)["unread"] == 0


def test_likes_on_your_own_private_note_still_reach_you(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    bo.post("/users/anna/follow")
    note = post_note(anna, "for followers", visibility="followers")
    bo.post(f"/notes/{note['id']}/like")
    anna.patch(f"/notes/{note['id']}", {"visibility": "private"})
    assert _kinds(anna) == ["like", "follow"]
