"""Notifications: every kind, read state, and silence across blocks and mutes."""


def _kinds(client):
    return [n["kind"] for n in client.get("/notifications").json()["items"]]


def test_every_kind_reaches_its_recipient(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    make_user("cy", is_private=True)
    note = post_note(anna, "hello @bo")
    assert _kinds(bo) == ["mention"]
    bo.post("/users/anna/follow")
    bo.post(f"/notes/{note['id']}/like")
    bo.post(f"/notes/{note['id']}/collect")
    comment = bo.post(f"/notes/{note['id']}/comments", {"body": "hi"}).json()
    anna.post(f"/notes/{note['id']}/comments", {"body": "hey", "parent_id": comment["id"]})
    anna.post(f"/notes/{note['id']}/comments/{comment['id']}/like")
    anna.post("/users/cy/follow")
    assert _kinds(anna) == ["comment", "collect", "like", "follow"]
    assert _kinds(bo) == ["comment_like", "reply", "mention"]
    page = anna.get("/notifications").json()
    assert page["unread"] == 4
    first = page["items"][0]
    assert first["actor"]["username"] == "bo" and first["excerpt"] == "hi"
    assert first["note_id"] == note["id"] and first["read"] is False


def test_mark_some_or_all_read(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna)
    bo.post("/users/anna/follow")
    bo.post(f"/notes/{note['id']}/like")
    items = anna.get("/notifications").json()["items"]
    assert anna.post("/notifications/read", {"ids": [items[0]["id"]]}).json() == {"marked": 1}
    assert anna.get("/notifications").json()["unread"] == 1
    assert bo.post("/notifications/read", {"ids": [items[1]["id"]]}).json() == {"marked": 0}
    assert anna.post("/notifications/read", {}).json() == {"marked": 1}
    assert anna.get("/notifications").json()["unread"] == 0


def test_notifications_page_with_a_cursor(make_user, post_note):
    _anna, anna = make_user("anna")
    note = post_note(anna)
    for i in range(5):  # comments: five lines (likes would be one group, tests/live)
        make_user(f"fan{i}")[1].post(f"/notes/{note['id']}/comments", {"body": f"hi {i}"})
    first = anna.get("/notifications", limit=3).json()
    second = anna.get("/notifications", limit=3, cursor=first["next_cursor"]).json()
    assert len(first["items"]) == 3 and len(second["items"]) == 2 and second["next_cursor"] is None


def test_a_block_silences_both_ways_and_forgets_the_past(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna)
    bo.post(f"/notes/{note['id']}/like")
    assert _kinds(anna) == ["like"]
    anna.post("/users/bo/block")
    assert _kinds(anna) == []
    assert bo.post(f"/notes/{note['id']}/comments", {"body": "hi"}).status_code == 404
    post_note(anna, "hey @bo")
    assert _kinds(bo) == []  # a blocked person cannot be mentioned either


def test_a_mute_silences_without_telling(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna)
    anna.post("/users/bo/mute")
    assert bo.post(f"/notes/{note['id']}/like").status_code == 200
    assert bo.post("/users/anna/follow").json() == {"status": "following"}
    assert _kinds(anna) == []
    assert bo.get("/users/anna").json()["relationship"]["muting"] is False
