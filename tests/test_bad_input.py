"""Bad input is refused with a 4xx and a stable error code, and leaves nothing behind.

Every refusal is checked for its status, its `{"error", "message"}` body (the ApiClient also
validates it against the OpenAPI schema) and, where something could have been written, that
no rows (notes, images, photos, tags) and no files (public media, private originals) remain.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from PIL import Image, ImageFile

from crossnote.accounts.models import User
from crossnote.engagement.models import Comment, Like
from crossnote.media.models import Photo
from crossnote.notes.models import Note, NoteImage
from crossnote.relations.models import Follow
from crossnote.tags.models import Hashtag, NoteTag
from tests import images
from tests.conftest import PASSWORD

# ------------------------------------------------------------------------------------------
# Helpers


def assert_error(response: Any, status: int, code: str) -> dict:
    """A refusal: this status, JSON `{"error": code, "message": <something to read>}`."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "message"}, body
    assert body["error"] == code, body
    assert isinstance(body["message"], str) and body["message"].strip(), body
    return body


TRACKED_MODELS = (Note, NoteImage, Photo, NoteTag, Hashtag, User, Comment, Like, Follow)


def _rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TRACKED_MODELS}


def _files() -> set[str]:
    found = set()
    for root in (django_settings.MEDIA_ROOT, django_settings.CROSSNOTE_ORIGINALS_ROOT):
        root = Path(root)
        if root.exists():
            found |= {f"{root}:{p.relative_to(root)}" for p in root.rglob("*") if p.is_file()}
    return found


@contextmanager
def leaves_nothing_behind() -> Iterator[None]:
    rows, files = _rows(), _files()
    yield
    assert _rows() == rows
    assert _files() == files


def post_form(client: Any, uploads: list | None = None, **fields: Any) -> Any:
    """POST /notes as a multipart form; `uploads` are SimpleUploadedFiles (None: no field)."""
    data = {"title": "Title", "body": "Some words #freshtag", **fields}
    if uploads is not None:
        data["images"] = uploads
    return client.call("POST", "/notes", data=data)


def good_jpeg(i: int = 0) -> Any:
    return images.upload(images.jpeg(color=(10 * i % 255, 80, 160)), f"good{i}.jpg")


def noisy_jpeg(size: tuple[int, int] = (480, 360)) -> bytes:
    """A JPEG whose bytes are mostly entropy-coded data, so half of it is half an image."""
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    return images.encode(image, "JPEG", quality=90)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares `width`×`height` but whose pixel data is not there: reading the
    header gives its size; decoding it would fail."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture
def anna(make_user):
    return make_user("anna")[1]


@pytest.fixture
def bo(make_user):
    return make_user("bo")[1]


# ------------------------------------------------------------------------------------------
# Photos that are not photos, or not whole, or too big, or too many


NOT_IMAGES = {
    "text-renamed-jpg": (b"Just some notes about my trip.\n" * 20, "trip.jpg", "image/jpeg"),
    "html-as-png": (b"<html><script>alert(1)</script></html>", "x.png", "image/png"),
    "svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "x.svg",
        "image/svg+xml",
    ),
    "pdf": (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "x.jpg", "image/jpeg"),
    "empty": (b"", "empty.jpg", "image/jpeg"),
    "bmp": (images.encode(Image.new("RGB", (8, 8)), "BMP"), "x.jpg", "image/jpeg"),
    "tiff": (images.encode(Image.new("RGB", (8, 8)), "TIFF"), "x.jpg", "image/jpeg"),
}


@pytest.mark.parametrize("kind", list(NOT_IMAGES))
def test_a_file_that_is_not_an_image(anna, kind):
    data, name, content_type = NOT_IMAGES[kind]
    with leaves_nothing_behind():
        response = post_form(anna, [images.upload(data, name, content_type)])
        assert_error(response, 415, "not_an_image")


def test_one_bad_file_among_good_photos_stores_none_of_them(anna):
    bad = images.upload(b"not a photo at all", "bad.jpg")
    with leaves_nothing_behind():
        response = post_form(anna, [good_jpeg(0), good_jpeg(1), bad, good_jpeg(2)])
        assert_error(response, 415, "not_an_image")


@pytest.mark.parametrize("fmt", ["jpeg", "png"])
def test_a_truncated_image(anna, fmt):
    if fmt == "jpeg":
        whole = noisy_jpeg()
    else:
        noise = Image.frombytes("RGB", (320, 240), os.urandom(320 * 240 * 3))
        whole = images.encode(noise, "PNG")
    half = whole[: len(whole) // 2]
    assert not ImageFile.LOAD_TRUNCATED_IMAGES
    with leaves_nothing_behind():
        response = post_form(anna, [good_jpeg(), images.upload(half, f"half.{fmt}")])
        assert_error(response, 400, "image_corrupt")


def test_a_file_over_the_upload_limit(anna, settings):
    settings.CROSSNOTE_MAX_UPLOAD_BYTES = 50_000
    big = noisy_jpeg((400, 300))
    assert len(big) > 50_000
    with leaves_nothing_behind():
        response = post_form(anna, [good_jpeg(), images.upload(big, "big.jpg")])
        body = assert_error(response, 413, "image_too_large")
    assert "MB" in body["message"]


def test_a_real_upload_over_20_mb(anna):
    assert django_settings.CROSSNOTE_MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    header = images.jpeg()[:600]  # a real JPEG start: SOI, JFIF, tables
    data = header + os.urandom(21 * 1024 * 1024)
    with leaves_nothing_behind():
        response = post_form(anna, [images.upload(data, "huge.jpg")])
        assert_error(response, 413, "image_too_large")


def test_eighteen_photos_are_fine(anna):
    response = post_form(anna, [good_jpeg(i) for i in range(18)])
    assert response.status_code == 201, response.content
    assert len(response.json()["images"]) == 18


def test_more_than_18_photos(anna):
    with leaves_nothing_behind():
        response = post_form(anna, [good_jpeg(i) for i in range(19)])
        assert_error(response, 400, "too_many_images")


def test_more_files_than_a_request_may_carry(anna):
    """Past DATA_UPLOAD_MAX_NUMBER_FILES Django stops parsing: still a clean refusal."""
    count = django_settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1
    tiny = images.jpeg(size=(4, 4))
    with leaves_nothing_behind():
        response = post_form(anna, [images.upload(tiny, f"t{i}.jpg") for i in range(count)])
        assert_error(response, 400, "too_many_images")


@pytest.fixture(scope="module")
def huge_single_colour_png() -> bytes:
    """8000×5001 = 40,008,000 pixels: just over the 40 MP limit, tiny on disk."""
    data = images.encode(Image.new("RGB", (8000, 5001), (90, 140, 200)), "PNG")
    assert len(data) < 1_000_000
    return data


@pytest.fixture
def decoding_spy(monkeypatch) -> list[tuple[int, int]]:
    """Records every image Pillow decodes pixels of during the test."""
    decoded: list[tuple[int, int]] = []
    original = ImageFile.ImageFile.load

    def load(self):
        decoded.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return decoded


def test_an_image_over_40_megapixels(anna, huge_single_colour_png, decoding_spy):
    with leaves_nothing_behind():
        response = post_form(anna, [images.upload(huge_single_colour_png, "wide.png", "image/png")])
        assert_error(response, 400, "image_too_many_pixels")
    assert (8000, 5001) not in decoding_spy  # refused from the header, never decoded


def test_an_image_over_40_megapixels_is_refused_from_its_header(anna, decoding_spy):
    """The pixel data is missing: only a header read can say "too many pixels" here."""
    data = png_header_only(8000, 5001)
    with leaves_nothing_behind():
        response = post_form(anna, [images.upload(data, "wide.png", "image/png")])
        assert_error(response, 400, "image_too_many_pixels")
    assert (8000, 5001) not in decoding_spy


def test_a_far_too_large_image_header(anna):
    """Beyond twice the limit Pillow itself calls it a bomb; the answer must stay a 4xx."""
    data = png_header_only(60_000, 60_000)
    with leaves_nothing_behind():
        response = post_form(anna, [images.upload(data, "bomb.png", "image/png")])
        assert_error(response, 400, "image_too_many_pixels")


def test_no_images_at_all(anna):
    with leaves_nothing_behind():
        response = post_form(anna, None)
        assert_error(response, 400, "no_images")


def test_an_unauthenticated_upload(api):
    with leaves_nothing_behind():
        assert_error(post_form(api, [good_jpeg()]), 401, "not_authenticated")


# ------------------------------------------------------------------------------------------
# Text that is empty, too long or not one of the choices


TEN_MB = "x" * (10 * 1024 * 1024)


def test_a_10_mb_body_in_the_form(anna):
    with leaves_nothing_behind():
        response = post_form(anna, [good_jpeg()], body=TEN_MB)
        assert_error(response, 413, "request_too_large")


@pytest.fixture
def note(anna, post_note) -> dict:
    return post_note(anna, "Original words #original", title="Original")


def assert_unchanged(note: dict) -> None:
    row = Note.objects.get(pk=note["id"])
    assert (row.title, row.body, row.topic, row.visibility, row.revision) == (
        note["title"],
        note["body"],
        note["topic"],
        note["visibility"],
        note["revision"],
    )
    assert (
        list(NoteTag.objects.filter(note=row).values_list("tag__name", flat=True)) == (note["tags"])
    )


def test_a_10_mb_body_in_an_edit(anna, note):
    with leaves_nothing_behind():
        response = anna.patch(f"/notes/{note['id']}", {"body": TEN_MB + " #newtag"})
        assert_error(response, 413, "request_too_large")
    assert_unchanged(note)


EMPTY_TEXTS = {
    "nothing": ("", ""),
    "blank": ("   ", "\n \n\t"),
    "invisible": ("\u200b", "\u200e\u2066"),
}


@pytest.mark.parametrize("case", list(EMPTY_TEXTS))
def test_an_empty_note(anna, case):
    title, body = EMPTY_TEXTS[case]
    with leaves_nothing_behind():
        assert_error(post_form(anna, [good_jpeg()], title=title, body=body), 400, "empty_note")


def test_emptying_a_note_by_editing(anna, note):
    with leaves_nothing_behind():
        response = anna.patch(f"/notes/{note['id']}", {"title": " ", "body": ""})
        assert_error(response, 400, "empty_note")
    assert_unchanged(note)


LONG_TITLES = {
    "cjk-21": "字" * 21,
    "ascii-41": "a" * 41,
    "mixed-20.5": "字" * 20 + "a",
    "spaced-ascii": "ab " * 14,  # 41 after trimming, spaces count
}


@pytest.mark.parametrize("case", list(LONG_TITLES))
def test_a_title_too_long(anna, note, case):
    title = LONG_TITLES[case]
    with leaves_nothing_behind():
        assert_error(post_form(anna, [good_jpeg()], title=title), 400, "title_too_long")
        assert_error(anna.patch(f"/notes/{note['id']}", {"title": title}), 400, "title_too_long")
    assert_unchanged(note)


def test_titles_and_bodies_at_the_limits_are_fine(anna, note):
    for title in ("字" * 20, "a" * 40, "字" * 19 + "ab"):
        response = anna.patch(f"/notes/{note['id']}", {"title": title})
        assert response.status_code == 200, response.content
        assert response.json()["title"] == title
    response = anna.patch(f"/notes/{note['id']}", {"body": "字" * 1000})
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("body", ["x" * 1001, "字" * 1001, "#tag " * 200 + "x"])
def test_a_body_too_long(anna, note, body):
    with leaves_nothing_behind():
        assert_error(post_form(anna, [good_jpeg()], body=body), 400, "body_too_long")
        assert_error(anna.patch(f"/notes/{note['id']}", {"body": body}), 400, "body_too_long")
    assert_unchanged(note)


@pytest.mark.parametrize("topic", ["cars", "Food", "food ", "其他"])
def test_an_invalid_topic(anna, note, topic):
    with leaves_nothing_behind():
        assert_error(post_form(anna, [good_jpeg()], topic=topic), 400, "invalid_topic")
        assert_error(anna.patch(f"/notes/{note['id']}", {"topic": topic}), 400, "invalid_topic")
    assert_unchanged(note)


@pytest.mark.parametrize("visibility", ["everyone", "PUBLIC", "friends", "私密"])
def test_an_invalid_visibility(anna, note, visibility):
    with leaves_nothing_behind():
        response = post_form(anna, [good_jpeg()], visibility=visibility)
        assert_error(response, 400, "invalid_visibility")
        response = anna.patch(f"/notes/{note['id']}", {"visibility": visibility})
        assert_error(response, 400, "invalid_visibility")
    assert_unchanged(note)


# ------------------------------------------------------------------------------------------
# Cursors and page sizes, on every list that takes them


@pytest.fixture
def lists(anna, bo, post_note) -> dict[str, tuple[Any, str, dict]]:
    """Every cursor-taking list, as (client, path, query), each with something in it."""
    note = post_note(anna, "Coffee by the river #cursortag", title="Coffee")
    assert bo.post("/users/anna/follow").status_code == 200
    assert bo.post(f"/notes/{note['id']}/comments", {"body": "Nice"}).status_code == 201
    board = anna.post("/me/boards", {"name": "Trips", "is_private": False}).json()
    assert anna.post(f"/notes/{note['id']}/collect", {"board_id": board["id"]}).status_code == 200
    return {
        "following": (bo, "/feeds/following", {}),
        "discover": (bo, "/feeds/discover", {}),
        "user-notes": (bo, "/users/anna/notes", {}),
        "tag-notes": (bo, "/tags/cursortag/notes", {}),
        "search-notes": (bo, "/search", {"q": "coffee"}),
        "search-users": (bo, "/search", {"q": "anna", "type": "users"}),
        "notifications": (anna, "/notifications", {}),
        "comments": (bo, f"/notes/{note['id']}/comments", {}),
        "board-notes": (bo, f"/boards/{board['id']}/notes", {}),
    }


LIST_NAMES = [
    "following",
    "discover",
    "user-notes",
    "tag-notes",
    "search-notes",
    "search-users",
    "notifications",
    "comments",
    "board-notes",
]

GARBAGE_CURSORS = {
    "word": "garbage",
    "forged": "eyJrIjoiZm9sbG93aW5nIiwiYmVmb3JlIjo5OTk5OTl9:1tXyZa:bm90YXNpZ25hdHVyZQ",
    "snowmen": "☃☃☃",
    "long": "A" * 3000,
    "sql": "' OR 1=1 --",
}


def _items(body: dict) -> list:
    if "items" in body:
        return body["items"]
    return body["notes"] + body["users"]


@pytest.mark.parametrize("cursor", list(GARBAGE_CURSORS))
@pytest.mark.parametrize("name", LIST_NAMES)
def test_a_garbage_cursor(lists, name, cursor):
    client, path, query = lists[name]
    response = client.get(path, **query, cursor=GARBAGE_CURSORS[cursor])
    assert_error(response, 400, "invalid_cursor")


def test_a_cursor_from_another_list_or_tampered_with(anna, bo, post_note, lists):
    post_note(anna, "Second note #cursortag")
    first = bo.get("/users/anna/notes", limit=1).json()
    cursor = first["next_cursor"]
    assert cursor
    assert bo.get("/users/anna/notes", limit=1, cursor=cursor).status_code == 200
    for name in LIST_NAMES:
        if name == "user-notes":
            continue
        client, path, query = lists[name]
        assert_error(client.get(path, **query, cursor=cursor), 400, "invalid_cursor")
    tampered = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    assert_error(bo.get("/users/anna/notes", cursor=tampered), 400, "invalid_cursor")
    # A cursor names the list it was made for: anna's page is not bo's.
    assert_error(bo.get("/users/bo/notes", cursor=cursor), 400, "invalid_cursor")


@pytest.mark.parametrize("limit", ["1000000", "99999999999999999999", "0", "-5"])
@pytest.mark.parametrize("name", LIST_NAMES)
def test_a_limit_out_of_range_is_clamped(lists, name, limit):
    client, path, query = lists[name]
    response = client.get(path, **query, limit=limit)
    assert response.status_code == 200, response.content
    most = 50 if int(limit) > 0 else 1
    assert len(_items(response.json())) <= most


def test_a_huge_limit_gets_exactly_the_largest_page(anna, bo):
    user = User.objects.get(username="anna")
    Note.objects.bulk_create(
        Note(author=user, title=f"n{i}", state=Note.State.PUBLISHED) for i in range(55)
    )
    page = bo.get("/users/anna/notes", limit=1000000).json()
    assert len(page["items"]) == 50
    assert page["next_cursor"]
    rest = bo.get("/users/anna/notes", limit=1000000, cursor=page["next_cursor"]).json()
    assert len(rest["items"]) == 5
    assert rest["next_cursor"] is None
    assert {n["id"] for n in page["items"]}.isdisjoint(n["id"] for n in rest["items"])


@pytest.mark.parametrize("limit", ["abc", "1.5", "", "1e3"])
@pytest.mark.parametrize("name", LIST_NAMES)
def test_a_limit_that_is_not_a_number(lists, name, limit):
    client, path, query = lists[name]
    assert_error(client.get(path, **query, limit=limit), 422, "invalid_input")


# ------------------------------------------------------------------------------------------
# Other people's notes, and blocks


MISSING_NOTE_ID = 987_654_321

NOTE_REQUESTS = {
    "read": ("GET", "", None),
    "like": ("POST", "/like", {}),
    "collect": ("POST", "/collect", {}),
    "comment": ("POST", "/comments", {"body": "hi"}),
    "comments": ("GET", "/comments", None),
    "edit": ("PATCH", "", {"title": "Mine now"}),
    "delete": ("DELETE", "", None),
}


def _request(client: Any, method: str, path: str, body: Any) -> Any:
    if method == "GET":
        return client.get(path)
    if body is None:
        return client.call(method, path)
    return client.call(method, path, json_body=body)


@pytest.mark.parametrize("action", list(NOTE_REQUESTS))
def test_someone_elses_private_note_is_not_there(anna, bo, post_note, action):
    note = post_note(anna, "Diary #secret", title="Only me", visibility="private")
    method, suffix, body = NOTE_REQUESTS[action]
    with leaves_nothing_behind():
        hidden = _request(bo, method, f"/notes/{note['id']}{suffix}", body)
        missing = _request(bo, method, f"/notes/{MISSING_NOTE_ID}{suffix}", body)
        assert_error(hidden, 404, "not_found")
        assert hidden.json() == missing.json()
    row = Note.objects.get(pk=note["id"])
    assert (row.title, row.like_count, row.collect_count, row.comment_count) == ("Only me", 0, 0, 0)


@pytest.mark.parametrize("visibility", ["public", "followers"])
def test_editing_someone_elses_note(anna, bo, post_note, visibility):
    assert bo.post("/users/anna/follow").status_code == 200
    note = post_note(anna, "Original words #original", title="Original", visibility=visibility)
    with leaves_nothing_behind():
        response = bo.patch(
            f"/notes/{note['id']}",
            {"title": "Hacked", "body": "#pwned", "visibility": "private", "topic": "food"},
        )
        assert_error(response, 403, "not_your_note")
    assert_unchanged(note)
    assert anna.get(f"/notes/{note['id']}").json()["title"] == "Original"


def test_deleting_someone_elses_note(anna, bo, post_note):
    note = post_note(anna, "Original words #original", title="Original")
    files = _files()
    with leaves_nothing_behind():
        assert_error(bo.delete(f"/notes/{note['id']}"), 403, "not_your_note")
    assert_unchanged(note)
    assert _files() == files
    assert anna.get(f"/notes/{note['id']}").status_code == 200


@pytest.fixture
def anna_blocked_bo(anna, bo, post_note) -> tuple[dict, dict]:
    """anna and bo each have a public note; then anna blocks bo."""
    annas = post_note(anna, "Anna's walk #walks", title="Walk")
    bos = post_note(bo, "Bo's lunch #lunch", title="Lunch")
    assert anna.post("/users/bo/block").status_code == 200
    return annas, bos


def test_a_blocked_person_commenting(bo, anna_blocked_bo):
    annas, _bos = anna_blocked_bo
    with leaves_nothing_behind():
        response = bo.post(f"/notes/{annas['id']}/comments", {"body": "Let me in"})
        assert_error(response, 404, "not_found")


def test_the_blocker_commenting_on_the_blocked_persons_note(anna, anna_blocked_bo):
    _annas, bos = anna_blocked_bo
    with leaves_nothing_behind():
        response = anna.post(f"/notes/{bos['id']}/comments", {"body": "Hello"})
        assert_error(response, 404, "not_found")


def test_a_blocked_person_following(bo, anna_blocked_bo):
    with leaves_nothing_behind():
        assert_error(bo.post("/users/anna/follow"), 404, "not_found")
        assert_error(bo.post("/users/ANNA/follow"), 404, "not_found")


def test_the_blocker_following_the_blocked_person(anna, anna_blocked_bo):
    with leaves_nothing_behind():
        assert_error(anna.post("/users/bo/follow"), 409, "blocking")


# ------------------------------------------------------------------------------------------
# Sign-up


def _signup(api: Any, username: str, password: str = PASSWORD) -> Any:
    return api.post("/auth/signup", {"username": username, "password": password})


SPOOFED_USERNAMES = {
    "zero-width-space": "an\u200bna",
    "zero-width-joiner": "anna\u200d",
    "bom": "\ufeffanna",
    "soft-hyphen": "an\u00adna",
    "rtl-override": "\u202eanna",
    "lri-isolate": "an\u2066na",
    "rlm": "anna\u200f",
}


@pytest.mark.parametrize("case", list(SPOOFED_USERNAMES))
def test_a_username_with_invisible_or_direction_characters(api, case):
    with leaves_nothing_behind():
        assert_error(_signup(api, SPOOFED_USERNAMES[case]), 400, "invalid_username")


LOOKALIKES = {
    "capital": ("anna", "Anna"),
    "upper": ("anna", "ANNA"),
    "full-width": ("anna", "ａｎｎａ"),
    "full-width-capital": ("anna", "Ａｎｎａ"),
    "existing-capital": ("Anna", "anna"),
    "decomposed": ("zoë", "zoe\u0308"),
    "ligature": ("finn", "ﬁnn"),
    "cjk-full-width-digits": ("小红123", "小红１２３"),
}


@pytest.mark.parametrize("case", list(LOOKALIKES))
def test_a_username_that_differs_only_by_case_or_nfkc(api, make_user, case):
    existing, attempt = LOOKALIKES[case]
    make_user(existing)
    with leaves_nothing_behind():
        assert_error(_signup(api, attempt), 409, "username_taken")


@pytest.mark.parametrize("password", ["", "short", "password", "12345678", "anna.lee.2024"])
def test_a_weak_password(api, password):
    with leaves_nothing_behind():
        assert_error(_signup(api, "anna.lee", password), 400, "weak_password")
