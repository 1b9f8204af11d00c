"""Shared links: OpenGraph and Twitter card tags for public notes only, share buttons on
notes, profiles and tags, and a meta description on every public page."""

from __future__ import annotations

import re
from html import unescape

import pytest

from crossnote.notes.models import Note

pytestmark = pytest.mark.django_db


def meta(page: str) -> dict[str, str]:
    """The page's <meta property|name=… content=…> tags, by property or name."""
    found = {}
    for key, value in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', page):
        found[key] = unescape(value)
    return found


def test_a_public_note_previews_its_title_text_and_cover(client, make_user, post_note):
    _anna, anna = make_user("anna")
    body = "Morning light over the river, then noodles at the corner shop. " * 6
    note = post_note(anna, body, title="River walk", images_count=2)
    page = client.get(f"/notes/{note['id']}").content.decode()
    tags = meta(page)
    assert tags["og:type"] == "article"
    assert tags["og:title"] == tags["twitter:title"] == "River walk"
    assert tags["og:url"] == f"http://testserver/notes/{note['id']}"
    # A text excerpt: one line, at most 160 characters, cut with an ellipsis.
    assert tags["og:description"].startswith("Morning light over the river")
    assert len(tags["og:description"]) <= 160 and tags["og:description"].endswith("…")
    assert tags["description"] == tags["og:description"] == tags["twitter:description"]
    first = Note.objects.get(pk=note["id"]).images.order_by("position").first().photo
    assert tags["og:image"] == f"http://testserver{first.full_url}"
    assert (tags["og:image:width"], tags["og:image:height"]) == (
        str(first.width),
        str(first.height),
    )
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]
    assert "robots" not in tags
    assert client.get(first.full_url).status_code == 200  # the image itself is public


def test_the_site_url_setting_names_shared_links(client, make_user, post_note, settings):
    settings.CROSSNOTE_SITE_URL = "https://crossnote.example"
    _anna, anna = make_user("anna")
    note = post_note(anna, "Dumplings", title="Dumplings")
    tags = meta(client.get(f"/notes/{note['id']}").content.decode())
    assert tags["og:url"] == f"https://crossnote.example/notes/{note['id']}"
    assert tags["og:image"].startswith("https://crossnote.example/media/")


@pytest.mark.parametrize("visibility", ["followers", "private"])
def test_a_non_public_note_previews_nothing(client, make_user, post_note, visibility):
    anna_user, anna = make_user("anna")
    note = post_note(anna, "Only for some eyes", title="Secret", visibility=visibility)
    client.force_login(anna_user)  # the author may open it; its link still previews nothing
    page = client.get(f"/notes/{note['id']}").content.decode()
    tags = meta(page)
    assert not [key for key in tags if key.startswith(("og:", "twitter:"))]
    assert "description" not in tags and "Only for some eyes" not in str(tags)
    assert tags["robots"] == "noindex"
    assert 'data-testid="share"' in page  # sharing with followers still works


def test_a_private_accounts_public_note_previews_nothing(client, make_user, post_note):
    anna_user, anna = make_user("anna")
    note = post_note(anna, "Hello", title="Hello")
    assert anna.patch("/me", {"is_private": True}).status_code == 200
    client.force_login(anna_user)
    tags = meta(client.get(f"/notes/{note['id']}").content.decode())
    assert "og:title" not in tags and tags["robots"] == "noindex"


def test_profiles_and_tags_have_previews_and_share_buttons(client, make_user, post_note):
    _anna, anna = make_user("anna", display_name="Anna", bio="Tea and trains.")
    post_note(anna, "Tea time #oolong", title="Tea")
    profile = client.get("/@anna").content.decode()
    tags = meta(profile)
    assert tags["og:title"] == "Anna (@anna)" and tags["og:description"] == "Tea and trains."
    assert tags["og:type"] == "profile" and tags["og:url"] == "http://testserver/@anna"
    assert 'data-share-url="http://testserver/@anna"' in profile
    tag = client.get("/tags/oolong").content.decode()
    tags = meta(tag)
    assert tags["og:title"] == "#oolong" and "#oolong" in tags["description"]
    assert 'data-share-url="http://testserver/tags/oolong"' in tag


def test_a_profile_without_a_bio_is_still_described(client, make_user):
    make_user("bo")
    tags = meta(client.get("/@bo", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode())
    assert tags["description"] == "bo (@bo) 在 Crossnote：关于旅行、美食、穿搭和家居的笔记。"


def test_the_note_share_button_names_the_notes_address(client, make_user, post_note):
    _anna, anna = make_user("anna")
    note = post_note(anna, "Hello", title="Hello there")
    page = client.get(f"/notes/{note['id']}").content.decode()
    assert f'data-share-url="http://testserver/notes/{note["id"]}"' in page
    assert 'data-share-title="Hello there"' in page
    zh = client.get(f"/notes/{note['id']}", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert ">分享</button>" in zh and 'data-copied="链接已复制"' in zh


PUBLIC_PAGES = [
    "/",
    "/trending",
    "/newcomers",
    "/guidelines",
    "/login",
    "/signup",
    "/search?q=tea",
    "/tags/oolong",
    "/@anna",
    "/password-reset",
]


def test_every_public_page_has_a_meta_description(client, make_user, post_note):
    _anna, anna = make_user("anna")
    post_note(anna, "Tea time #oolong", title="Tea")
    pages = [*PUBLIC_PAGES, f"/notes/{Note.objects.get().pk}"]
    for language in ("en", "zh-CN"):
        for path in pages:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, path
            descriptions = re.findall(
                r'<meta name="description" content="([^"]+)">', response.content.decode()
            )
            assert len(descriptions) == 1 and len(descriptions[0]) >= 8, (path, descriptions)
