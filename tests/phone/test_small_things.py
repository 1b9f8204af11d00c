"""The small things found on a phone (issue 13): translating comments says when there is
nothing to translate and toggles to "Show original"; reporting a comment thanks you where
the form was; the comment-like button's name includes its count; compact question cards."""

from __future__ import annotations

import re

import pytest

from crossnote.moderation.models import Report

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_translate_comments_toggles_to_show_original(client, make_user, post_note):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    sam_user, sam = make_user("sam", reading_language="en")
    note = post_note(sam, "Coffee in Shanghai", title="Coffee")
    mei.post(f"/notes/{note['id']}/comments", {"body": "谢谢大家"})
    client.force_login(sam_user)
    page = client.get(f"/notes/{note['id']}").content.decode()
    assert 'id="translate-comments"' in page and f"/notes/{note['id']}/comments/translate" in page
    translated = client.get(f"/notes/{note['id']}/comments/translate", **HTMX).content.decode()
    button = re.search(r'<button type="button" id="translate-comments".*?</button>', translated)
    assert 'hx-swap-oob="true"' in button.group(0) and ">Show original</button>" in button.group(0)
    assert f'hx-get="/notes/{note["id"]}/comments/original"' in button.group(0)
    assert "thank" in translated.lower()
    original = client.get(f"/notes/{note['id']}/comments/original", **HTMX).content.decode()
    assert "谢谢大家" in original and "thank" not in original.lower()
    assert ">Translate comments</button>" in original
    status = 'id="translate-status" class="hint translate-status" role="status" hx-swap-oob="true">'
    assert status + "</span>" in original


def test_translate_comments_says_when_there_is_nothing_to_translate(client, make_user, post_note):
    sam_user, sam = make_user("sam", reading_language="en")
    note = post_note(sam, "Coffee in Shanghai", title="Coffee")
    sam.post(f"/notes/{note['id']}/comments", {"body": "Thanks everyone for coming"})
    client.force_login(sam_user)
    answer = client.get(f"/notes/{note['id']}/comments/translate", **HTMX).content.decode()
    assert "Nothing to translate: these comments are already in your language." in answer
    assert ">Translate comments</button>" in answer and "Show original" not in answer
    zh = client.get(
        f"/notes/{note['id']}/comments/translate?target=zh-Hans",
        HTTP_ACCEPT_LANGUAGE="zh-CN",
        **HTMX,
    ).content.decode()
    assert "显示原文" in zh  # English comments, a Chinese reader: translated, and the toggle


@pytest.mark.parametrize("path", ["comments/original", "comments/translate"])
def test_comment_translation_of_a_note_one_may_not_see_is_not_found(
    client, make_user, post_note, path
):
    _anna, anna = make_user("anna")
    note = post_note(anna, "Mine", title="Mine", visibility="private")
    assert client.get(f"/notes/{note['id']}/{path}", **HTMX).status_code == 404
    assert client.get(f"/notes/999999/{path}", **HTMX).status_code == 404


def test_reporting_a_comment_thanks_you_in_place(client, make_user, post_note):
    _anna, anna = make_user("anna")
    cy_user, _cy = make_user("cy")
    note = post_note(anna, "A walk", title="Walk")
    comment = anna.post(f"/notes/{note['id']}/comments", {"body": "rude words"}).json()["id"]
    client.force_login(cy_user)
    page = client.get(f"/notes/{note['id']}").content.decode()
    assert 'hx-post="/@anna/report" hx-target="closest details" hx-swap="outerHTML"' in page
    answer = client.post(
        "/@anna/report",
        {"note": note["id"], "comment": comment, "reason": "spam"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
        **HTMX,
    )
    assert answer.status_code == 200
    assert 'role="status"' in answer.content.decode() and "谢谢" in answer.content.decode()
    assert Report.objects.filter(comment_id=comment).count() == 1
    # Not shown a second time at the top of the next page.
    assert "Moderators will look" not in client.get(f"/notes/{note['id']}").content.decode()


def test_reporting_a_comment_and_blocking_reloads_the_thread(client, make_user, post_note):
    _anna, anna = make_user("anna")
    cy_user, _cy = make_user("cy")
    note = post_note(anna, "A walk", title="Walk")
    comment = anna.post(f"/notes/{note['id']}/comments", {"body": "rude words"}).json()["id"]
    client.force_login(cy_user)
    answer = client.post(
        "/@anna/report",
        {"note": note["id"], "comment": comment, "reason": "spam", "block": "on"},
        **HTMX,
    )
    # Blocking hides the note too: like the form without htmx, the page goes elsewhere.
    assert answer.status_code == 204 and answer["HX-Redirect"] == "/"
    assert Report.objects.filter(comment_id=comment).count() == 1


def test_a_refused_comment_report_explains_itself(client, make_user, post_note):
    _anna, anna = make_user("anna")
    cy_user, _cy = make_user("cy")
    note = post_note(anna, "A walk", title="Walk")
    comment = anna.post(f"/notes/{note['id']}/comments", {"body": "rude words"}).json()["id"]
    client.force_login(cy_user)
    answer = client.post(
        "/@anna/report", {"note": note["id"], "comment": comment, "reason": "nonsense"}, **HTMX
    )
    assert answer.status_code == 400 and answer["HX-Retarget"] == "#flash"
    assert Report.objects.count() == 0


def test_the_comment_like_buttons_name_includes_its_count(client, make_user, post_note):
    _anna, anna = make_user("anna")
    cy_user, _cy = make_user("cy")
    note = post_note(anna, "A walk", title="Walk")
    comment = anna.post(f"/notes/{note['id']}/comments", {"body": "Nice"}).json()["id"]
    client.force_login(cy_user)
    page = client.get(f"/notes/{note['id']}").content.decode()
    assert 'aria-label="Like this comment (0 likes)"' in page
    liked = client.post(f"/notes/{note['id']}/comments/{comment}/like", **HTMX).content.decode()
    assert 'aria-label="Unlike this comment (1 like)"' in liked
    zh = client.get(f"/notes/{note['id']}", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert 'aria-label="取消点赞这条评论（1 个赞）"' in zh


def test_a_question_without_photos_gets_a_compact_card(client, make_user, post_note):
    _anna, anna = make_user("anna")
    anna.call("POST", "/notes", data={"title": "", "body": "Where to eat?", "kind": "question"})
    post_note(anna, "With a photo", title="Photo")
    page = client.get("/@anna").content.decode()
    assert page.count('class="card question compact"') == 1
    assert page.count("data-note=") == 2
