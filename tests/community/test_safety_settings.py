"""The "Privacy and safety" settings page (keyword filters, blocked and muted people),
reporting comments from the web, and what muting says."""

from __future__ import annotations

from crossnote.moderation.models import KeywordFilter, Report
from crossnote.relations.models import Block, Mute

SAFETY = "/settings/safety"


def _page(client, **headers) -> str:
    response = client.get(SAFETY, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_is_a_settings_tab_for_logged_in_people(make_user, client):
    assert client.get(SAFETY).status_code == 302  # to the login page
    sam, _api = make_user("sam")
    client.force_login(sam)
    for tab in ("/settings", "/settings/security", SAFETY):
        assert f'href="{SAFETY}"' in client.get(tab).content.decode()
    html = _page(client)
    assert f'<a href="{SAFETY}" aria-current="page">Privacy and safety</a>' in html
    for empty in ("No filters yet.", "You have not blocked anyone.", "You have not muted anyone."):
        assert empty in html


def test_adding_and_removing_filters_from_the_page(make_user, client):
    sam, sam_api = make_user("sam")
    client.force_login(sam)
    added = client.post(
        SAFETY, {"action": "add_filter", "phrase": "  剧透 ", "filter_action": "hide"}
    )
    assert added.status_code == 302 and added["Location"] == SAFETY
    client.post(SAFETY, {"action": "add_filter", "phrase": "Hot Take", "filter_action": "warn"})
    # The same rows the API shows: one set of actions behind both.
    assert [(f["phrase"], f["action"]) for f in sam_api.get("/me/filters").json()] == [
        ("剧透", "hide"),
        ("Hot Take", "warn"),
    ]
    html = client.get(SAFETY).content.decode()
    assert "Filter added: “Hot Take”." in html
    assert '<strong hx-disable>剧透</strong> <span class="hint">hidden</span></span>' in html
    assert '<strong hx-disable>Hot Take</strong> <span class="hint">behind a warning</span>' in html
    spoiler = KeywordFilter.objects.get(phrase="剧透")
    removed = client.post(SAFETY, {"action": "remove_filter", "filter": spoiler.pk})
    assert removed.status_code == 302
    assert list(KeywordFilter.objects.values_list("phrase", flat=True)) == ["Hot Take"]
    assert "The filter is removed." in client.get(SAFETY).content.decode()
    # Someone else's filter, or one that is gone, is not there.
    assert client.post(SAFETY, {"action": "remove_filter", "filter": spoiler.pk}).status_code == 404
    bo, _bo_api = make_user("bo")
    client.force_login(bo)
    theirs = KeywordFilter.objects.get().pk
    assert client.post(SAFETY, {"action": "remove_filter", "filter": theirs}).status_code == 404
    assert KeywordFilter.objects.count() == 1


def test_bad_filters_are_refused_beside_the_form_and_store_nothing(make_user, client):
    sam, _api = make_user("sam")
    client.force_login(sam)
    client.post(SAFETY, {"action": "add_filter", "phrase": "spoiler", "filter_action": "hide"})
    cases = [
        ({"phrase": "   ", "filter_action": "hide"}, 400, "A filter is 1 to 60 characters."),
        ({"phrase": "x" * 61, "filter_action": "hide"}, 400, "A filter is 1 to 60 characters."),
        ({"phrase": "pizza", "filter_action": "explode"}, 400, "A filter either hides or warns."),
        ({"phrase": "SPOILER", "filter_action": "warn"}, 409, "You already filter that."),
    ]
    for form, status, message in cases:
        answer = client.post(SAFETY, {"action": "add_filter", **form})
        html = answer.content.decode()
        assert answer.status_code == status, form
        assert f'id="filter-error" role="alert">{message}</p>' in html
        assert f'value="{form["phrase"]}"' in html  # what was typed stays in the form
    assert list(KeywordFilter.objects.values_list("phrase", flat=True)) == ["spoiler"]
    assert client.post(SAFETY, {"action": "explode"}).status_code == 404


def test_blocked_and_muted_people_are_listed_and_can_be_undone(make_user, client):
    sam, sam_api = make_user("sam")
    make_user("anna", display_name="Anna Li")
    make_user("bo", display_name="Bo")
    make_user("cy")
    sam_api.post("/users/anna/block")
    sam_api.post("/users/bo/mute")
    client.force_login(sam)
    html = _page(client)
    blocked = html.split('id="blocked"')[1].split('id="muted"')[0]
    muted = html.split('id="muted"')[1]
    assert "Anna Li" in blocked and "@anna" in blocked and "@bo" not in blocked
    assert "Bo" in muted and "@bo" in muted and "@anna" not in muted and "@cy" not in html
    answer = client.post(SAFETY, {"action": "unblock", "username": "anna"})
    assert answer.status_code == 302
    assert not Block.objects.exists()
    assert "You unblocked Anna Li." in _page(client)
    client.post(SAFETY, {"action": "unmute", "username": "bo"})
    assert not Mute.objects.exists()
    html = _page(client)
    assert "You unmuted Bo." in html and "You have not blocked anyone." in html
    assert client.post(SAFETY, {"action": "unblock", "username": "nobody"}).status_code == 404


def test_a_mute_can_be_undone_after_the_muted_person_blocked_you(make_user, client):
    sam, sam_api = make_user("sam")
    _bo, bo_api = make_user("bo")
    sam_api.post("/users/bo/mute")
    bo_api.post("/users/sam/block")
    assert Mute.objects.exists()
    client.force_login(sam)
    assert client.post(SAFETY, {"action": "unmute", "username": "bo"}).status_code == 302
    assert not Mute.objects.exists()


def test_the_page_speaks_chinese(make_user, client):
    sam, sam_api = make_user("sam")
    sam_api.post("/me/filters", {"phrase": "spoiler", "action": "warn"})
    client.force_login(sam)
    html = _page(client, accept_language="zh-CN")
    for said in ("隐私与安全", "关键词过滤", "你拉黑的人", "你屏蔽的人", "添加过滤词"):
        assert said in html, said
    answer = client.post(
        SAFETY,
        {"action": "add_filter", "phrase": "", "filter_action": "hide"},
        headers={"accept-language": "zh-CN"},
    )
    assert "过滤词为1到60个字。" in answer.content.decode()


def _thread(make_user, post_note):
    """anna's note; bo's comment on it and cy's reply to bo. Returns (sam, ids, apis)."""
    sam, sam_api = make_user("sam")
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    _cy, cy = make_user("cy")
    note = post_note(anna, "A walk by the river")["id"]
    comment = bo.post(f"/notes/{note}/comments", {"body": "rude words"}).json()["id"]
    reply = cy.post(f"/notes/{note}/comments", {"body": "worse", "parent_id": comment}).json()
    return sam, {"note": note, "comment": comment, "reply": reply["id"]}, sam_api


def test_reporting_a_comment_from_the_web(make_user, post_note, client):
    sam, ids, _api = _thread(make_user, post_note)
    client.force_login(sam)
    html = client.get(f"/notes/{ids['note']}").content.decode()
    # A report menu on others' comments and replies, besides the one for the note.
    assert html.count('<details class="menu comment-report">') == 2
    assert f'<input type="hidden" name="comment" value="{ids["reply"]}">' in html
    answer = client.post(
        "/@bo/report",
        {"note": ids["note"], "comment": ids["comment"], "reason": "harassment", "text": "mean"},
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"/notes/{ids['note']}#comment-{ids['comment']}"
    report = Report.objects.get()
    assert (report.person.username, report.comment_id, report.reason, report.text) == (
        "bo",
        ids["comment"],
        "harassment",
        "mean",
    )
    after = client.get(answer["Location"]).content.decode()
    assert "Thank you. Moderators will look at your report." in after
    # Report and block: the reply's author is gone from the thread; the note stays.
    blocked = client.post(
        "/@cy/report",
        {"note": ids["note"], "comment": ids["reply"], "reason": "spam", "block": "on"},
    )
    assert blocked["Location"] == f"/notes/{ids['note']}#comments-title"
    assert Block.objects.filter(blocker=sam, blocked__username="cy").exists()
    assert Report.objects.filter(comment_id=ids["reply"], person__username="cy").exists()
    assert "worse" not in client.get(f"/notes/{ids['note']}").content.decode()


def test_no_report_of_your_own_comment_nor_one_you_cannot_see(make_user, post_note, client):
    sam, ids, sam_api = _thread(make_user, post_note)
    mine = sam_api.post(f"/notes/{ids['note']}/comments", {"body": "my own"}).json()["id"]
    client.force_login(sam)
    html = client.get(f"/notes/{ids['note']}").content.decode()
    assert f'name="comment" value="{mine}"' not in html
    own = client.post("/@sam/report", {"note": ids["note"], "comment": mine, "reason": "spam"})
    assert own.status_code == 400 and "You cannot report yourself." in own.content.decode()
    # bo's comment named under cy's name, an unknown comment, a comment without its note.
    for username, form in [
        ("cy", {"note": ids["note"], "comment": ids["comment"]}),
        ("bo", {"note": ids["note"], "comment": 999999}),
        ("bo", {"comment": ids["comment"]}),
    ]:
        answer = client.post(f"/@{username}/report", {**form, "reason": "spam"})
        assert answer.status_code == 404, form
    # A comment hidden from sam (sam muted its author) is not there to report.
    sam_api.post("/users/cy/mute")
    hidden = client.post(
        "/@cy/report", {"note": ids["note"], "comment": ids["reply"], "reason": "spam"}
    )
    assert hidden.status_code == 404
    assert not Report.objects.exists()


def test_muting_and_unmuting_say_so(make_user, client):
    sam, _api = make_user("sam")
    make_user("anna", display_name="Anna Li")
    client.force_login(sam)
    muted = client.post("/@anna/mute", follow=True).content.decode()
    assert "You muted Anna Li." in muted and Mute.objects.filter(muter=sam).exists()
    unmuted = client.post("/@anna/unmute", follow=True).content.decode()
    assert "You unmuted Anna Li." in unmuted and not Mute.objects.exists()
    zh = client.post("/@anna/mute", follow=True, headers={"accept-language": "zh-CN"})
    assert "你屏蔽了 Anna Li" in zh.content.decode()
    client.post("/@anna/block")
    assert "hidden because you blocked this person" in client.get("/@anna").content.decode()
    unblocked = client.post("/@anna/unblock", follow=True).content.decode()
    assert "You unblocked Anna Li." in unblocked


def test_a_note_author_still_deletes_a_comment_after_blocking_or_muting_its_writer(
    make_user, post_note
):
    _sam_user, sam = make_user("sam")
    _bo_user, bo = make_user("bo")
    _eve_user, eve = make_user("eve")
    note = post_note(sam, "My trip")["id"]
    rude = bo.post(f"/notes/{note}/comments", {"body": "rude words"}).json()["id"]
    other = bo.post(f"/notes/{note}/comments", {"body": "more rude words"}).json()["id"]
    sam.post("/users/bo/mute")
    assert sam.delete(f"/notes/{note}/comments/{other}").status_code == 200
    sam.post("/users/bo/block")
    assert sam.delete(f"/notes/{note}/comments/{rude}").status_code == 200
    assert eve.get(f"/notes/{note}/comments").json()["items"] == []
    # Someone else still cannot delete it, nor learn of comments they are not shown.
    keep = eve.post(f"/notes/{note}/comments", {"body": "nice"}).json()["id"]
    assert bo.delete(f"/notes/{note}/comments/{keep}").status_code == 404  # blocked by sam
    _joe_user, joe = make_user("joe")
    assert joe.delete(f"/notes/{note}/comments/{keep}").status_code == 403
