"""The resumable upload protocol (tus 1.0 core + creation + termination)."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from crossnote.media import uploads
from crossnote.media.models import VideoUpload
from tests.video.conftest import Tus


class DroppedConnection(io.BytesIO):
    """A request body whose connection drops after `keep` bytes."""

    def __init__(self, data: bytes, keep: int) -> None:
        super().__init__(data)
        self.keep = keep

    def read(self, size: int = -1) -> bytes:
        if self.tell() >= self.keep:
            raise OSError("connection reset by peer")
        return super().read(min(size, self.keep - self.tell()))


def test_an_interrupted_upload_resumes_where_it_stopped(make_user):
    _anna, anna = make_user("anna")
    data = bytes(range(256)) * 40
    tus = Tus(anna)
    created = tus.create(len(data))
    assert created.status_code == 201 and created["Tus-Resumable"] == "1.0.0"
    location = created["Location"]
    upload = VideoUpload.objects.get()
    with pytest.raises(OSError, match="reset"):
        uploads.do_append(upload, "0", DroppedConnection(data, 3000), len(data))
    head = tus.head(location)
    assert head.status_code == 200
    assert head["Upload-Offset"] == "3000" and head["Upload-Length"] == str(len(data))
    assert head["Cache-Control"] == "no-store"
    answer = tus.patch(location, 3000, data[3000:])
    assert answer.status_code == 204 and answer["Upload-Offset"] == str(len(data))
    assert uploads.upload_path(upload).read_bytes() == data


def test_a_piece_at_the_wrong_offset_is_refused(make_user):
    _anna, anna = make_user("anna")
    tus = Tus(anna)
    location = tus.create(100)["Location"]
    assert tus.patch(location, 0, b"x" * 10).status_code == 204
    answer = tus.patch(location, 0, b"y" * 10)
    assert answer.status_code == 409 and answer.json()["error"] == "upload_offset_mismatch"
    assert tus.head(location)["Upload-Offset"] == "10"


def test_more_bytes_than_declared_are_refused(make_user):
    _anna, anna = make_user("anna")
    tus = Tus(anna)
    location = tus.create(10)["Location"]
    answer = tus.patch(location, 0, b"z" * 11)
    assert answer.status_code == 413 and answer.json()["error"] == "video_too_large"
    assert tus.head(location)["Upload-Offset"] == "0"


def test_a_body_without_declared_length_stops_at_the_upload_length(make_user):
    _anna, anna = make_user("anna")
    Tus(anna).create(10)
    upload = VideoUpload.objects.get()
    with pytest.raises(uploads.PayloadTooLarge):
        uploads.do_append(upload, "0", io.BytesIO(b"a" * 25), None)
    assert uploads.offset_of(upload) == 10


def test_pieces_must_be_sent_as_offset_octet_stream(make_user):
    _anna, anna = make_user("anna")
    tus = Tus(anna)
    location = tus.create(10)["Location"]
    answer = anna.client.generic(
        "PATCH",
        location,
        b"x",
        content_type="application/json",
        headers={"Authorization": f"Bearer {anna.token}", "Upload-Offset": "0"},
    )
    assert answer.status_code == 415 and answer.json()["error"] == "upload_content_type"


def test_missing_or_bad_upload_length_is_refused(make_user):
    _anna, anna = make_user("anna")
    answer = anna.client.post("/api/v1/uploads", headers={"Authorization": f"Bearer {anna.token}"})
    assert answer.status_code == 400 and answer.json()["error"] == "upload_length"
    assert Tus(anna).create(0).json()["error"] == "upload_length"


def test_strangers_and_anonymous_people_cannot_upload(db, make_user):
    _anna, anna = make_user("anna")
    location = Tus(anna).create(10)["Location"]
    anonymous = Client()
    assert anonymous.post("/api/v1/uploads", headers={"Upload-Length": "10"}).status_code == 401
    assert anonymous.head(location).status_code == 401
    _ben, ben = make_user("ben")
    assert Tus(ben).patch(location, 0, b"x").status_code == 404


def test_a_session_needs_the_csrf_token(db, make_user):
    anna, _client = make_user("anna")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(anna)
    refused = browser.post("/api/v1/uploads", headers={"Upload-Length": "10"})
    assert refused.status_code == 401 and refused.json()["error"] == "csrf_failed"
    browser.get("/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        "/api/v1/uploads", headers={"Upload-Length": "10", "X-CSRFToken": token}
    )
    assert accepted.status_code == 201


def test_an_upload_can_be_cancelled(make_user):
    _anna, anna = make_user("anna")
    tus = Tus(anna)
    location = tus.create(10)["Location"]
    path = uploads.upload_path(VideoUpload.objects.get())
    answer = anna.client.delete(location, headers={"Authorization": f"Bearer {anna.token}"})
    assert answer.status_code == 204
    assert not VideoUpload.objects.exists() and not path.exists()


def test_options_tells_the_protocol(db):
    answer = Client().options("/api/v1/uploads")
    assert answer.status_code == 204
    assert answer["Tus-Version"] == "1.0.0"
    assert answer["Tus-Extension"] == "creation,termination"


def test_a_person_has_a_bounded_number_of_open_uploads(make_user):
    _anna, anna = make_user("anna")
    tus = Tus(anna)
    for _ in range(uploads.MAX_OPEN_UPLOADS):
        assert tus.create(10).status_code == 201
    answer = tus.create(10)
    assert answer.status_code == 409 and answer.json()["error"] == "too_many_uploads"


def test_expired_uploads_are_swept(make_user):
    from datetime import timedelta

    from django.utils import timezone

    _anna, anna = make_user("anna")
    Tus(anna).create(10)
    upload = VideoUpload.objects.get()
    path = uploads.upload_path(upload)
    assert uploads.sweep_expired_uploads(timezone.now()) == 0
    later = timezone.now() + VideoUpload.EXPIRES_AFTER + timedelta(minutes=1)
    assert uploads.sweep_expired_uploads(later) == 1
    assert not VideoUpload.objects.exists() and not path.exists()
