"""Requests Django cannot parse are refused with a 4xx, never a 500: JSON with a stable code
under /api/, our error page on the web. Nothing is stored half-way.

The bodies are written byte by byte here, because Django's test client only builds
well-formed ones (it even cuts file names to 255 characters).
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings as django_settings

from crossnote.accounts.models import ApiToken
from crossnote.core.http_errors import MAX_URL_LENGTH
from crossnote.engagement.models import Collect, Comment
from tests import images
from tests.test_bad_input import assert_error, leaves_nothing_behind


@pytest.fixture
def anna(make_user):
    return make_user("anna")


@pytest.fixture
def bearer(anna) -> dict[str, str]:
    return {"Authorization": f"Bearer {anna[1].token}"}


@pytest.fixture
def web(client, anna):
    client.force_login(anna[0])
    return client


def one_file(field: str, filename: bytes, data: bytes, boundary: bytes = b"BOUNDARY") -> bytes:
    return (
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="' + field.encode() + b'"; filename="'
        b"" + filename + b'"\r\nContent-Type: image/jpeg\r\n\r\n' + data + b"\r\n"
        b"--" + boundary + b"--\r\n"
    )


MULTIPART = "multipart/form-data; boundary=BOUNDARY"
UPLOAD_ROUTES = [("/api/v1/notes", "images"), ("/api/v1/me/avatar", "image")]


class HungUpStream(io.BytesIO):
    """A request body whose client went away: reading it fails as a dropped socket does."""

    def read(self, *args: Any) -> bytes:
        raise OSError("connection reset by peer")

    readline = read


def assert_page(response: Any, status: int, text: str) -> None:
    """Our own error page (the site's layout, the message), not Django's bare one."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'class="error-page"' in page and text in page, page[:500]


# ------------------------------------------------------------------------------------------
# The API


@pytest.mark.parametrize(("path", "field"), UPLOAD_ROUTES)
def test_multipart_without_a_boundary(client, bearer, path, field):
    with leaves_nothing_behind():
        response = client.post(path, data=b"x", content_type="multipart/form-data", headers=bearer)
        assert_error(response, 400, "malformed_multipart")


def test_multipart_with_a_boundary_that_is_not_ascii(client, bearer):
    with leaves_nothing_behind():
        response = client.post(
            "/api/v1/notes",
            data=b"x",
            content_type="multipart/form-data; boundary=\xff",
            headers=bearer,
        )
        assert_error(response, 400, "malformed_multipart")


@pytest.mark.parametrize(("path", "field"), UPLOAD_ROUTES)
def test_an_upload_whose_file_name_is_5000_characters(client, bearer, path, field):
    body = one_file(field, b"a" * 5000 + b".jpg", images.jpeg())
    with leaves_nothing_behind():
        response = client.post(path, data=body, content_type=MULTIPART, headers=bearer)
        assert_error(response, 400, "upload_name_too_long")


def test_a_long_but_acceptable_file_name_is_fine(client, bearer):
    title = b'--BOUNDARY\r\nContent-Disposition: form-data; name="title"\r\n\r\nHi\r\n'
    body = title + one_file("images", b"a" * 200 + b".jpg", images.jpeg())
    response = client.post("/api/v1/notes", data=body, content_type=MULTIPART, headers=bearer)
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"phrase": "\xff\xfe"}', b"phrase=words"],
    ids=["broken-json", "invalid-utf8", "a-form-where-json-is-expected"],
)
def test_a_body_that_is_not_json(client, bearer, body):
    response = client.post(
        "/api/v1/me/filters", data=body, content_type="application/json", headers=bearer
    )
    assert_error(response, 400, "malformed_body")


def test_too_many_query_parameters(client, bearer):
    query = "&".join(["p="] * (django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.get(f"/api/v1/feeds/discover?{query}", headers=bearer)
    assert_error(response, 400, "too_many_fields")


def test_too_many_form_fields(client, bearer):
    fields = {f"f{i}": "1" for i in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    with leaves_nothing_behind():
        response = client.post("/api/v1/notes", data=fields, headers=bearer)
        assert_error(response, 400, "too_many_fields")


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/api/v1/me/filters", "application/json"), ("/api/v1/notes", MULTIPART)],
)
def test_a_client_that_hangs_up_mid_body(client, bearer, path, content_type):
    with leaves_nothing_behind():
        response = client.post(
            path,
            data=b"{}",
            content_type=content_type,
            headers=bearer,
            **{"wsgi.input": HungUpStream(), "CONTENT_LENGTH": "5000"},
        )
        assert_error(response, 400, "incomplete_request")


def test_an_address_no_route_matches(client):
    assert_error(client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_a_far_too_long_query_string(client, bearer):
    response = client.get("/api/v1/search", {"q": "a" * 10_000}, headers=bearer)
    assert_error(response, 414, "url_too_long")


def test_a_query_string_under_the_limit_is_answered(client, bearer):
    query = "a" * (MAX_URL_LENGTH - 100)
    response = client.get("/api/v1/search", {"q": query}, headers=bearer)
    assert response.status_code != 414


@pytest.mark.parametrize("note_id", ["9223372036854775808", "9" * 40])
def test_ids_beyond_any_row(client, bearer, note_id):
    assert_error(client.get(f"/api/v1/notes/{note_id}", headers=bearer), 404, "not_found")


# ------------------------------------------------------------------------------------------
# The web


def test_web_multipart_without_a_boundary(web):
    with leaves_nothing_behind():
        response = web.post("/notes/new", data=b"x", content_type="multipart/form-data")
    assert_page(response, 400, "multipart/form-data")


def test_web_upload_whose_file_name_is_5000_characters(web):
    body = one_file("images", b"a" * 5000 + b".jpg", images.jpeg())
    with leaves_nothing_behind():
        response = web.post("/notes/new", data=body, content_type=MULTIPART)
    assert_page(response, 400, "too long")


def test_web_refusal_for_htmx_goes_to_the_flash_area(web):
    response = web.post(
        "/notes/new", data=b"x", content_type="multipart/form-data", headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#flash"
    assert b"<html" not in response.content


def test_web_too_many_form_fields(web):
    fields = {f"f{i}": "1" for i in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert_page(web.post("/notes/new", data=fields), 400, "too many fields")


def test_web_client_that_hangs_up_mid_body(web):
    with leaves_nothing_behind():
        response = web.post(
            "/notes/new",
            data=b"title=x",
            content_type="application/x-www-form-urlencoded",
            **{"wsgi.input": HungUpStream(), "CONTENT_LENGTH": "5000"},
        )
    assert_page(response, 400, "before all of it arrived")


def test_web_far_too_long_address(web):
    assert_page(web.get("/search", {"q": "a" * 10_000}), 414, "too long")


def test_web_address_no_route_matches(web):
    assert_page(web.get("/no/such/page"), 404, "nothing here")


@pytest.mark.parametrize("token", ["abc", "²", "٣", "9" * 40, ""])
def test_web_revoking_a_token_by_an_id_that_is_not_one(web, anna, token):
    """A token id that is not a number (or not a possible one) names no token: the security
    page says so, and every token stays."""
    before = ApiToken.objects.count()
    response = web.post("/settings/security", {"action": "revoke_token", "token": token})
    assert response.status_code == 404
    assert "No such token" in response.content.decode()
    assert ApiToken.objects.count() == before


@pytest.fixture
def note_id(anna, post_note) -> int:
    return post_note(anna[1])["id"]


def test_web_collecting_into_a_board_id_that_is_not_one(web, note_id):
    response = web.post(f"/notes/{note_id}/collect", {"board": "²"})
    assert response.status_code == 302
    assert Collect.objects.filter(note_id=note_id).count() == 1  # the default board


def test_web_replying_to_a_parent_id_that_is_not_one(web, note_id):
    response = web.post(f"/notes/{note_id}/comments", {"body": "Nice", "parent": "٣"})
    assert response.status_code == 302
    assert Comment.objects.get(note_id=note_id).parent_id is None


def test_web_removing_a_filter_by_an_id_that_is_not_one(web):
    response = web.post("/settings/safety", {"action": "remove_filter", "filter": "²"})
    assert response.status_code < 500


def test_web_reporting_with_a_note_id_that_is_not_one(web, make_user):
    make_user("bo")
    response = web.post("/@bo/report", {"reason": "spam", "note": "²", "comment": "²"})
    assert response.status_code == 404
