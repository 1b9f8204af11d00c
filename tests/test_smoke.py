def test_the_basic_loop(api, make_user, post_note):
    _anna, anna_api = make_user("anna")
    _bo, bo_api = make_user("波波")
    note = post_note(anna_api, "Coffee tips #上海Coffee #TikTokRefugee 喝咖啡", images_count=2)
    assert note["state"] == "published"
    assert bo_api.post("/users/anna/follow").json() == {"status": "following"}
    feed = bo_api.get("/feeds/following").json()
    assert [n["id"] for n in feed["items"]] == [note["id"]]
    assert bo_api.post(f"/notes/{note['id']}/like").json()["like_count"] == 1
    assert bo_api.post(f"/notes/{note['id']}/collect").json()["collect_count"] == 1
    assert bo_api.post(f"/notes/{note['id']}/comments", {"body": "好棒 @anna"}).status_code == 201
    kinds = {n["kind"] for n in anna_api.get("/notifications").json()["items"]}
    assert kinds == {"follow", "like", "collect", "comment"}
    assert [n["id"] for n in bo_api.get("/search", q="咖啡").json()["notes"]] == [note["id"]]
    assert [n["id"] for n in bo_api.get("/search", q="coffee").json()["notes"]] == [note["id"]]
    assert bo_api.get("/tags/上海coffee").json()["note_count"] == 1
