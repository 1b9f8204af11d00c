"""The web UI over the same services: pages render, htmx actions work in place, safety
headers are there, and user content stays inert."""

import re

import pytest
from django.test import Client

from crossnote.notes.models import Note
from tests import images
from tests.conftest import PASSWORD


@pytest.fixture
def scene(make_user, post_note):
    anna_user, anna = make_user("anna", display_name="Anna")
    bo_user, bo = make_user("bo")
    note = post_note(anna, 'Hello #上海Coffee @bo <b hx-get="/evil">bold</b>', images_count=2)
    bo.post("/users/anna/follow")
    bo.post(f"/notes/{note['id']}/comments", {"body": "好看 <script>alert(1)</script>"})
    return anna_user, bo_user, note


PAGES = [
    "/",
    "/?topic=food",
    "/following",
    "/trending",
    "/search?q=coffee",
    "/search?q=anna&type=users",
    "/tags/上海coffee",
    "/notes/{id}",
    "/notes/new",
    "/@anna",
    "/@anna/boards",
    "/notifications",
    "/settings",
    "/settings/security",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_a_csp_and_no_inline_script(client, scene, path):
    _anna, bo, note = scene
    client.force_login(bo)
    response = client.get(path.format(id=note["id"]))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src-attr")[0]
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script slipped in"
    assert re.search(r'hx-headers=\'\{"X-CSRFToken": "[^"]+"\}\'', html)


def test_user_content_is_escaped_and_htmx_inert(client, scene):
    _anna, _bo, note = scene
    html = client.get(f"/notes/{note['id']}").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert '<b hx-get="/evil">' not in html
    assert re.search(r'<div class="note-body user-content" hx-disable>', html)
    assert 'href="/tags/%E4%B8%8A%E6%B5%B7coffee"' in html or 'href="/tags/上海coffee"' in html
    assert 'href="/@bo"' in html


def test_anonymous_visitors_can_read_but_not_act(client, scene):
    _anna, _bo, note = scene
    assert client.get("/").status_code == 200
    assert client.get(f"/notes/{note['id']}").status_code == 200
    assert client.get("/following")["Location"].startswith("/login")
    assert client.post(f"/notes/{note['id']}/like")["Location"].startswith("/login")


def test_a_private_note_is_a_friendly_404(client, make_user, post_note):
    _anna, anna = make_user("anna")
    note = post_note(anna, "secret", visibility="private")
    response = client.get(f"/notes/{note['id']}")
    assert response.status_code == 404
    assert "We could not find that" in response.content.decode()


def test_csrf_is_enforced_on_posts_htmx_included(scene):
    _anna, bo, note = scene
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(bo)
    refused = strict.post(f"/notes/{note['id']}/like", HTTP_HX_REQUEST="true")
    assert refused.status_code == 403
    page = strict.get(f"/notes/{note['id']}").content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    ok = strict.post(f"/notes/{note['id']}/like", HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert ok.status_code == 200


def test_like_collect_and_comment_in_place(client, scene, django_capture_on_commit_callbacks):
    _anna, bo, note = scene
    client.force_login(bo)
    htmx = {"HTTP_HX_REQUEST": "true"}
    liked = client.post(f"/notes/{note['id']}/like", **htmx)
    assert 'aria-pressed="true"' in liked.content.decode() and "<html" not in liked.content.decode()
    unliked = client.post(f"/notes/{note['id']}/like", {"undo": "1"}, **htmx)
    assert 'aria-pressed="false"' in unliked.content.decode()
    collected = client.post(f"/notes/{note['id']}/collect", **htmx)
    assert (
        'data-testid="collect"' in collected.content.decode() and "★" in collected.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment = client.post(f"/notes/{note['id']}/comments", {"body": "Where is this?"}, **htmx)
    assert comment.status_code == 200 and "Where is this?" in comment.content.decode()
    comment_id = int(re.search(r'id="comment-(\d+)"', comment.content.decode()).group(1))
    reply = client.post(
        f"/notes/{note['id']}/comments", {"body": "Shanghai!", "parent": comment_id}, **htmx
    )
    assert 'class="comment reply"' in reply.content.decode()
    assert Note.objects.get(pk=note["id"]).comment_count == 3
    # The counts on the page follow, out of band.
    assert '<span id="comment-count" hx-swap-oob="true">3</span>' in reply.content.decode()
    assert '<h2 id="comments-title" hx-swap-oob="true">3 comments</h2>' in reply.content.decode()


def test_a_refused_comment_says_why_in_the_flash_area(client, scene):
    _anna, bo, note = scene
    client.force_login(bo)
    response = client.post(f"/notes/{note['id']}/comments", {"body": "  "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#flash"
    assert "Write something first." in response.content.decode()


def test_compose_shows_errors_beside_their_fields(client, make_user):
    anna, _ = make_user("anna")
    client.force_login(anna)
    response = client.post("/notes/new", {"title": "二" * 21, "body": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'<p class="field-error" id="title-error">[^<]+</p>', html)
    assert "<html" not in html  # only the form is re-rendered
    no_photo = client.post(
        "/notes/new",
        {"title": "ok", "body": "x", "topic": "food", "visibility": "public"},
        HTTP_HX_REQUEST="true",
    )
    assert re.search(r'id="images-error">Add at least one photo.', no_photo.content.decode())


def test_compose_publishes_and_redirects(client, make_user, django_capture_on_commit_callbacks):
    anna, _ = make_user("anna")
    client.force_login(anna)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/notes/new",
            {
                "title": "Bund",
                "body": "#walk",
                "topic": "travel",
                "visibility": "public",
                "place": "",
                "images": [images.upload(images.jpeg()), images.upload(images.png(), "b.png")],
                "alt_text": ["The river", "A bridge"],
            },
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 204
    note = Note.objects.get()
    assert response["HX-Redirect"] == f"/notes/{note.pk}"
    assert note.state == Note.State.PUBLISHED
    assert [i.alt_text for i in note.images.all()] == ["The river", "A bridge"]


def test_signup_login_logout(client, db):
    response = client.post(
        "/signup", {"username": "newbie", "password": PASSWORD, "languages": ["en"]}
    )
    assert response.status_code == 302
    assert client.get("/following").status_code == 200
    client.post("/logout")
    assert client.get("/following").status_code == 302
    bad = client.post("/login", {"username": "newbie", "password": "wrong"})
    assert bad.status_code == 401
    good = client.post(
        "/login", {"username": "NEWBIE", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert good["Location"] == "/"


def test_signup_errors_are_shown(client, make_user):
    make_user("anna")
    response = client.post("/signup", {"username": "Anna", "password": PASSWORD})
    assert response.status_code == 409
    assert "That username is taken." in response.content.decode()


def test_infinite_scroll_returns_just_the_next_cards(client, make_user, post_note):
    _anna, anna = make_user("anna")
    for i in range(25):
        post_note(anna, f"note {i}")
    first = client.get("/@anna").content.decode()
    next_url = re.search(r'hx-get="(/@anna\?cursor=[^"]+)"', first).group(1).replace("&amp;", "&")
    more = client.get(next_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in more and more.count('class="card"') == 5


def test_numbers_follow_the_locale(client, make_user, post_note):
    from crossnote.tags.models import Hashtag

    _anna, anna = make_user("anna")
    post_note(anna, "#TikTokRefugee")
    Hashtag.objects.filter(key="tiktokrefugee").update(view_count=60_200_000)
    english = client.get("/tags/tiktokrefugee", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "60.2M views" in english
    chinese = client.get("/tags/tiktokrefugee", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "6020万" in chinese


def test_settings_update_profile_and_privacy(client, make_user):
    anna, _ = make_user("anna")
    client.force_login(anna)
    response = client.post(
        "/settings",
        {
            "display_name": "安娜",
            "bio": "hi",
            "languages": ["en", "zh-hans"],
            "reading_language": "zh-hans",
            "is_private": "on",
        },
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert (anna.display_name, anna.is_private, anna.languages) == ("安娜", True, ["en", "zh-hans"])


def test_logout_everywhere_from_settings(client, make_user):
    anna, anna_api = make_user("anna")
    client.force_login(anna)
    client.post("/settings/security", {"action": "logout_everywhere"})
    assert client.get("/following").status_code == 302
    assert anna_api.get("/me").status_code == 401


def test_block_from_the_profile_menu(client, scene):
    anna, bo, _note = scene
    client.force_login(anna)
    client.post("/@bo/block")
    client.force_login(bo)
    assert client.get("/@anna").status_code == 404


def test_mentions_link_to_the_person_they_resolve_to(client, make_user, post_note):
    _anna, anna = make_user("anna")
    make_user("小红薯")
    note = post_note(anna, "感谢@小红薯的教程 and @nobody")
    html = client.get(f"/notes/{note['id']}").content.decode()
    assert re.search(r'<a class="mention" href="/@[^"]+">@小红薯</a>的教程', html)
    assert "@nobody" in html and 'href="/@nobody"' not in html


def test_following_from_a_profile_updates_its_follower_count_in_place(client, make_user):
    _anna, _anna_api = make_user("anna")
    bo, _bo_api = make_user("bo")
    client.force_login(bo)
    answer = client.post("/@anna/follow", {"counts": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="follow"' in answer
    assert '<span data-followers id="followers-count" hx-swap-oob="true">' in answer
    assert "<strong>1</strong> follower</span>" in answer
    # From a list of people (the welcome page) there is no count to update.
    quiet = client.post("/@anna/unfollow", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-swap-oob" not in quiet
