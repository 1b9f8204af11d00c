"""Photo files reach exactly the people who may see what they belong to, at request time.

`an` posts; `fo` follows an; `st` is a stranger; logged-out requests carry no cookie. Every
refusal is the 404 a missing file gets, and never lands in a shared cache.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from crossnote.accounts.models import User
from crossnote.media.models import Photo
from crossnote.media.sending import RangeNotSatisfiable, byte_range
from crossnote.notes.actions import do_delete_note, do_hide_note
from crossnote.notes.models import Note
from tests import images

MISSING = "/media/photos/2020/01/AAAAAAAAAAAAAAAAAAAAAA_g.webp"


@pytest.fixture
def people(make_user) -> dict[str, Any]:
    an, an_api = make_user("an")
    fo, fo_api = make_user("fo")
    st, st_api = make_user("st")
    assert fo_api.post("/users/an/follow").status_code == 200
    return {"an": an, "fo": fo, "st": st, "an_api": an_api, "fo_api": fo_api, "st_api": st_api}


def _browser(user: User | None = None) -> Client:
    """A separate browser: logged in as `user` by its session cookie, or logged out."""
    browser = Client()
    if user is not None:
        browser.force_login(user)
    return browser


def _status(url: str, user: User | None = None) -> int:
    return _browser(user).get(url).status_code


def _urls(note: dict) -> list[str]:
    return [u for image in note["images"] for u in (image["grid_url"], image["full_url"])]


def _assert_refused(response: Any) -> None:
    """Exactly what a file that does not exist gets."""
    missing = _browser().get(MISSING)
    assert response.status_code == missing.status_code == 404
    assert response.content == missing.content
    assert response["Cache-Control"] == missing["Cache-Control"] == "private, no-cache"


def _assert_private(response: Any) -> None:
    assert response.status_code == 200, response.status_code
    assert response["Cache-Control"] == "private, no-cache"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def _assert_public(response: Any) -> None:
    assert response.status_code == 200, response.status_code
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies


def test_a_public_notes_photos_are_public_and_cacheable(
    people, post_note, django_assert_num_queries
):
    note = post_note(people["an_api"], images_count=2)
    for url in _urls(note):
        for viewer in (None, people["st"], people["an"]):
            _assert_public(_browser(viewer).get(url))
    for viewer in (None, people["st"]):
        browser = _browser(viewer)
        with django_assert_num_queries(1):  # one indexed look-up, the session never read
            browser.get(note["images"][0]["full_url"])


def test_a_private_notes_photos_reach_only_its_author(people, post_note):
    note = post_note(people["an_api"], visibility="private")
    for url in _urls(note):
        _assert_private(_browser(people["an"]).get(url))
        for viewer in (None, people["fo"], people["st"]):
            _assert_refused(_browser(viewer).get(url))


def test_a_followers_notes_photos_reach_followers_only(people, post_note):
    note = post_note(people["an_api"], visibility="followers")
    url = note["images"][0]["grid_url"]
    _assert_private(_browser(people["fo"]).get(url))
    _assert_private(_browser(people["an"]).get(url))
    _assert_refused(_browser(people["st"]).get(url))
    _assert_refused(_browser().get(url))


def test_changing_a_notes_audience_takes_effect_on_its_photos_at_once(people, post_note):
    note = post_note(people["an_api"])
    url = note["images"][0]["full_url"]
    assert _status(url) == 200
    edit = people["an_api"].patch(f"/notes/{note['id']}", {"visibility": "followers"})
    assert edit.status_code == 200
    assert _status(url) == 404 and _status(url, people["st"]) == 404
    _assert_private(_browser(people["fo"]).get(url))
    people["an_api"].patch(f"/notes/{note['id']}", {"visibility": "private"})
    assert _status(url, people["fo"]) == 404
    people["an_api"].patch(f"/notes/{note['id']}", {"visibility": "public"})
    _assert_public(_browser().get(url))


def test_an_account_going_private_takes_its_photos_out_of_public(people, post_note):
    url = post_note(people["an_api"])["images"][0]["grid_url"]
    assert people["an_api"].patch("/me", {"is_private": True}).status_code == 200
    assert _status(url) == 404 and _status(url, people["st"]) == 404
    _assert_private(_browser(people["fo"]).get(url))


def test_a_deleted_notes_photos_are_gone_before_their_files_are(people, post_note):
    note = post_note(people["an_api"])
    url = note["images"][0]["grid_url"]
    # Called directly, the deletion's after-commit work (removing the files) does not run
    # inside the test's transaction: the files are still on disk, yet nobody gets them.
    do_delete_note(Note.objects.get(pk=note["id"]))
    assert Photo.objects.filter(grid=url.removeprefix("/media/")).exists()
    for viewer in (None, people["an"], people["fo"]):
        _assert_refused(_browser(viewer).get(url))


@pytest.mark.parametrize("who_blocks", ["author", "viewer"])
def test_a_block_takes_followers_photos_away(people, post_note, who_blocks):
    url = post_note(people["an_api"], visibility="followers")["images"][0]["grid_url"]
    assert _status(url, people["fo"]) == 200
    if who_blocks == "author":
        assert people["an_api"].post("/users/fo/block").status_code == 200
    else:
        assert people["fo_api"].post("/users/an/block").status_code == 200
    _assert_refused(_browser(people["fo"]).get(url))


def test_a_hidden_note_keeps_its_photos_for_its_author_only(people, post_note):
    note = post_note(people["an_api"])
    url = note["images"][0]["full_url"]
    do_hide_note(Note.objects.get(pk=note["id"]))
    for viewer in (None, people["fo"], people["st"]):
        _assert_refused(_browser(viewer).get(url))
    _assert_private(_browser(people["an"]).get(url))


def test_a_banned_persons_photos_are_withdrawn_except_for_moderators(people, post_note, make_user):
    note = post_note(people["an_api"])
    url = note["images"][0]["grid_url"]
    mod, _ = make_user("mod")
    mod.user_permissions.add(Permission.objects.get(codename="moderate"))
    User.objects.filter(pk=people["an"].pk).update(is_active=False)
    for viewer in (None, people["fo"]):
        _assert_refused(_browser(viewer).get(url))
    _assert_private(_browser(mod).get(url))
    User.objects.filter(pk=people["an"].pk).update(is_active=True)
    _assert_public(_browser().get(url))


def _set_avatar(api_client: Any) -> str:
    upload = {"image": images.upload(images.png(), "me.png")}
    assert api_client.call("POST", "/me/avatar", data=upload).status_code == 202
    return api_client.get("/me").json()["avatar_url"]


def test_avatars_are_public_until_replaced_or_their_owner_is_banned(people):
    avatar = _set_avatar(people["an_api"])
    assert people["an_api"].patch("/me", {"is_private": True}).status_code == 200
    _assert_public(_browser().get(avatar))  # a private account's profile page is public too
    User.objects.filter(pk=people["an"].pk).update(is_active=False)
    _assert_refused(_browser().get(avatar))
    User.objects.filter(pk=people["an"].pk).update(is_active=True)
    newer = _set_avatar(people["an_api"])
    assert newer != avatar and _status(newer) == 200
    _assert_refused(_browser().get(avatar))


def test_api_clients_fetch_non_public_photos_with_their_token(people, post_note):
    note = post_note(people["an_api"], visibility="followers")
    shown = people["fo_api"].get(f"/notes/{note['id']}").json()
    for url in _urls(shown):
        fetched = Client().get(url, headers={"Authorization": f"Bearer {people['fo_api'].token}"})
        _assert_private(fetched)
        stranger = {"Authorization": f"Bearer {people['st_api'].token}"}
        _assert_refused(Client().get(url, headers=stranger))
        _assert_refused(Client().get(url, headers={"Authorization": "Bearer not-a-token"}))


def test_web_pages_show_photo_urls_that_work_for_their_viewer(people, post_note):
    note = post_note(people["an_api"], images_count=2, visibility="followers")
    browser = _browser(people["fo"])
    page = browser.get(f"/notes/{note['id']}")
    assert page.status_code == 200
    sources = set(re.findall(r'src="(/media/[^"]+)"', page.content.decode()))
    assert len(sources) >= 2
    for src in sources:
        assert browser.get(src).status_code == 200
        assert _status(src) == 404


def test_head_range_and_revalidation(people, post_note):
    url = post_note(people["an_api"], visibility="followers")["images"][0]["full_url"]
    browser = _browser(people["fo"])
    whole = b"".join(browser.get(url).streaming_content)
    head = browser.head(url)
    assert head.status_code == 200 and head.content == b""
    assert int(head["Content-Length"]) == len(whole) and head["Accept-Ranges"] == "bytes"
    part = browser.get(url, headers={"Range": "bytes=2-11"})
    assert part.status_code == 206 and part.content == whole[2:12]
    assert part["Content-Range"] == f"bytes 2-11/{len(whole)}"
    assert part["Cache-Control"] == "private, no-cache"
    tail = browser.get(url, headers={"Range": "bytes=-5"})
    assert tail.status_code == 206 and tail.content == whole[-5:]
    beyond = browser.get(url, headers={"Range": f"bytes={len(whole)}-"})
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(whole)}"
    several = browser.get(url, headers={"Range": "bytes=0-1,4-5"})
    assert several.status_code == 200
    stale = browser.get(url, headers={"Range": "bytes=0-1", "If-Range": '"other"'})
    assert stale.status_code == 200
    again = browser.get(url, headers={"If-None-Match": head["ETag"]})
    assert again.status_code == 304 and again["Cache-Control"] == "private, no-cache"
    assert _browser(people["st"]).get(url, headers={"Range": "bytes=0-1"}).status_code == 404
    assert _browser(people["st"]).head(url).status_code == 404


def test_the_front_server_sends_the_bytes_when_configured(people, post_note, settings):
    settings.CROSSNOTE_MEDIA_ACCEL_PREFIX = "/_media/"
    private = post_note(people["an_api"], visibility="followers")["images"][0]["grid_url"]
    public = post_note(people["an_api"])["images"][0]["grid_url"]
    sent = _browser(people["fo"]).get(private)
    assert sent.status_code == 200 and sent.content == b""
    assert sent["X-Accel-Redirect"] == "/_media/" + private.removeprefix("/media/")
    assert sent["Cache-Control"] == "private, no-cache" and sent["Content-Type"] == "image/webp"
    assert "X-Accel-Redirect" not in _browser(people["st"]).get(private)
    assert _browser().get(public)["Cache-Control"].startswith("public")


def test_only_stored_variant_names_are_served(people, post_note):
    url = post_note(people["an_api"])["images"][0]["grid_url"]
    for wrong in (
        "/media/photos/../secret_key",
        url.replace("_g.webp", "_f.webp").replace("/photos/", "/photos/x/"),
        url.removesuffix(".webp") + ".png",
        url + "/",
    ):
        _assert_refused(_browser().get(wrong))
    assert _browser().post(url).status_code == 405


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-9", (0, 9)),
        ("bytes=5-", (5, 99)),
        ("bytes=90-500", (90, 99)),  # the end is clamped to the file
        ("bytes=-10", (90, 99)),
        ("bytes=-500", (0, 99)),
        ("bytes=9-3", None),  # invalid: ignored, the whole file is sent
        ("bytes=-", None),
        ("bytes=0-1,5-6", None),  # several ranges: the whole file
        ("items=0-9", None),
        ("bytes=100-", RangeNotSatisfiable),
        ("bytes=-0", RangeNotSatisfiable),
    ],
)
def test_byte_ranges(header, expected):
    if expected is RangeNotSatisfiable:
        with pytest.raises(RangeNotSatisfiable):
            byte_range(header, 100)
    else:
        assert byte_range(header, 100) == expected
