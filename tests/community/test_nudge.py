"""A respectful nudge: unkind words get a bilingual "Are you sure?" first; posting anyway works."""

import re


def test_the_api_asks_first_and_posts_when_confirmed(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna)
    path = f"/notes/{note['id']}/comments"
    asked = bo.post(path, {"body": "You are so STUPID"})
    assert asked.status_code == 409 and asked.json()["error"] == "are_you_sure"
    assert "Are you sure?" in asked.json()["message"] and "确定要发吗" in asked.json()["message"]
    assert "/guidelines" in asked.json()["message"]
    assert bo.post(path, {"body": "你是白癡吗"}).status_code == 409  # Traditional folds too
    assert bo.post(path, {"body": "You are so STUPID", "confirm": True}).status_code == 201
    assert bo.post(path, {"body": "So beautiful!"}).status_code == 201


def test_the_web_nudge_offers_to_post_anyway(client, make_user, post_note):
    _anna, anna = make_user("anna")
    bo_user, _bo = make_user("bo")
    note = post_note(anna)
    client.force_login(bo_user)
    asked = client.post(
        f"/notes/{note['id']}/comments", {"body": "what an idiot"}, HTTP_HX_REQUEST="true"
    )
    html = asked.content.decode()
    assert asked.status_code == 409 and asked["HX-Retarget"] == "#flash"
    assert "Are you sure?" in html and "确定要发吗" in html and 'href="/guidelines"' in html
    assert re.search(r'name="confirm" value="1"', html) and 'value="what an idiot"' in html
    posted = client.post(f"/notes/{note['id']}/comments", {"body": "what an idiot", "confirm": "1"})
    assert posted.status_code == 302


def test_the_guidelines_exist_in_english_and_chinese(client, db):
    assert (
        "Community guidelines"
        in client.get("/guidelines", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "社区公约" in client.get("/guidelines", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
