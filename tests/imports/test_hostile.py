"""Hostile archives: each ends in a clear 4xx or a failed import with a reason, with
nothing written outside its folder and no partial notes."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crossnote.imports import archive as archive_module
from crossnote.imports.archive import ArchiveRefused, SafeArchive, normalise
from crossnote.imports.models import ImportJob
from crossnote.notes.models import Note
from tests import images
from tests.imports import archives
from tests.imports.archives import IgPost

pytestmark = pytest.mark.django_db

MAY_3 = int(datetime(2024, 5, 3, tzinfo=UTC).timestamp())


def _layout_with(extra: dict) -> bytes:
    return archives.instagram("content/posts_1.json", [IgPost("ok", MAY_3)], extra=extra)


def _refused(client, upload_archive, data: bytes, status: int, code: str) -> None:
    response = upload_archive(client, data)
    assert response.status_code == status, response.content
    assert response.json()["error"] == code
    assert response.json()["message"]
    assert not ImportJob.objects.exists()
    assert not Note.objects.exists()


def _files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "..\\evil.txt",
        "media/../../evil.txt",
        "/etc/evil",
        "C:\\evil.txt",
        "C:/evil.txt",
    ],
)
def test_zip_slip_members_are_refused(make_user, upload_archive, settings, tmp_path, name):
    _, client = make_user("mia")
    _refused(client, upload_archive, _layout_with({name: "x"}), 400, "archive_unsafe_path")
    assert not (tmp_path / "evil.txt").exists()
    assert _files_under(Path(settings.CROSSNOTE_IMPORTS_ROOT)) == []


def test_normalise():
    assert normalise("a/./b\\c.jpg") == "a/b/c.jpg"
    for bad in ("", "../x", "a/../../x", "/x", "\\x", "C:x", "a\x00b", "./", "a/.."):
        assert normalise(bad) is None, bad


def test_symlink_is_refused(make_user, upload_archive):
    _, client = make_user("mia")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("content/posts_1.json", "[]")
        link = zipfile.ZipInfo("media/posts/link.jpg")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
    _refused(client, upload_archive, out.getvalue(), 400, "archive_symlink")


def test_nested_archive_is_refused(make_user, upload_archive):
    _, client = make_user("mia")
    inner = archives.zip_bytes({"a.txt": "a"})
    _refused(client, upload_archive, _layout_with({"inner.zip": inner}), 400, "archive_nested")


def test_not_an_archive_and_not_an_export(make_user, upload_archive):
    _, client = make_user("mia")
    _refused(client, upload_archive, images.jpeg(), 415, "not_an_archive")
    _refused(client, upload_archive, archives.zip_bytes({"notes.txt": "hi"}), 415, "not_an_export")
    response = client.call("POST", "/imports", data={"other": "x"})
    assert response.status_code == 400
    assert response.json()["error"] == "archive_missing"


def test_upload_over_the_cap_is_413_while_streaming(make_user, upload_archive, settings):
    _, client = make_user("mia")
    settings.CROSSNOTE_IMPORT_MAX_UPLOAD_BYTES = 10_000
    data = _layout_with({"media/big.bin": os.urandom(20_000)})
    _refused(client, upload_archive, data, 413, "archive_too_large")


def _run(client, upload_archive, data: bytes) -> dict:
    response = upload_archive(client, data)
    assert response.status_code == 202, response.content
    return client.get(f"/imports/{response.json()['id']}").json()


def test_zip_bomb_fails_by_ratio_while_streaming(make_user, upload_archive, settings):
    _, client = make_user("mia")
    settings.CROSSNOTE_IMPORT_MAX_RATIO = 50
    bomb = b"\0" * (8 * 1024 * 1024)  # compresses about 1000:1
    job = _run(client, upload_archive, _layout_with({"media/zeros.bin": bomb}))
    assert (job["state"], job["error"]) == ("failed", "archive_bomb")
    assert job["message"]
    assert not Note.objects.exists()  # checked before anything was made


def test_total_size_is_counted_not_read_from_headers(make_user, upload_archive, settings):
    """The header claims a tiny file; the bytes are more. zipfile stops at the claimed size
    and the CRC no longer matches: the archive is damaged, and nothing is imported."""
    _, client = make_user("mia")
    data = bytearray(_layout_with({"media/filler.bin": b"A" * 5000}))
    # Find the central directory entry of filler.bin and lower its uncompressed size.
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(b"media/filler.bin"))
    data[entry + 24 : entry + 28] = (100).to_bytes(4, "little")
    job = _run(client, upload_archive, bytes(data))
    assert job["state"] == "failed"
    assert job["error"] == "archive_corrupt"
    assert not Note.objects.exists()


def test_the_archive_total_is_enforced(make_user, upload_archive, settings):
    _, client = make_user("mia")
    settings.CROSSNOTE_IMPORT_MAX_TOTAL_BYTES = 50_000
    job = _run(client, upload_archive, _layout_with({"media/a.bin": os.urandom(60_000)}))
    assert (job["state"], job["error"]) == ("failed", "archive_too_large")
    assert not Note.objects.exists()


def test_json_nested_100000_levels(make_user, upload_archive):
    _, client = make_user("mia")
    deep = "[" * 100_000 + "]" * 100_000
    job = _run(client, upload_archive, archives.zip_bytes({"content/posts_1.json": deep}))
    assert (job["state"], job["error"]) == ("failed", "json_too_deep")
    assert not Note.objects.exists()


def test_json_over_the_limit_is_refused_while_streaming(make_user, upload_archive, settings):
    """The 1 GB case, with a small limit: the member is never read past the limit."""
    _, client = make_user("mia")
    settings.CROSSNOTE_IMPORT_MAX_JSON_BYTES = 4096
    posts = [{"media": [{"uri": "x.jpg", "title": "t" * 100}]} for _ in range(200)]
    data = archives.zip_bytes({"content/posts_1.json": json.dumps(posts)})
    job = _run(client, upload_archive, data)
    assert (job["state"], job["error"]) == ("failed", "archive_too_large")
    assert not Note.objects.exists()


def test_stream_stops_at_the_cap(tmp_path):
    """Reading stops as soon as the count passes the cap, not after the member is read."""
    path = tmp_path / "a.zip"
    path.write_bytes(archives.zip_bytes({"big.json": b"[" + b"1," * 3_000_000 + b"1]"}))
    limits = archive_module.Limits(
        members=10, total_bytes=10**9, member_bytes=10**9, json_bytes=2 * 1024 * 1024, ratio=10**6
    )
    with SafeArchive(path, limits) as archive:
        pieces = archive.stream("big.json", limits.json_bytes)
        read = 0
        with pytest.raises(ArchiveRefused):
            for piece in pieces:
                read += len(piece)
        assert read <= limits.json_bytes


def test_lone_surrogates_and_nul_in_text(make_user, upload_archive):
    user, client = make_user("mia")
    raw = json.dumps(
        [
            {
                "media": [
                    {
                        "uri": "media/a.jpg",
                        "title": "bad \ud800 and \x00 nul",
                        "creation_timestamp": MAY_3,
                    }
                ]
            }
        ]
    )
    assert "\\ud800" in raw and "\\u0000" in raw
    job = _run(
        client,
        upload_archive,
        archives.zip_bytes({"content/posts_1.json": raw, "media/a.jpg": images.jpeg()}),
    )
    assert job["state"] == "done"
    body = Note.objects.get(author=user).body
    assert body == "bad \ufffd and  nul"
    body.encode("utf-8")  # storable anywhere


def test_media_naming_outside_or_missing_is_skipped_with_a_reason(make_user, upload_archive):
    user, client = make_user("mia")
    posts = [
        {"media": [{"uri": "../../../../etc/passwd", "title": "evil", "creation_timestamp": 1}]},
        {"media": [{"uri": "media/not_there.jpg", "title": "gone", "creation_timestamp": 2}]},
        {"media": [{"uri": "media/ok.jpg", "title": "fine", "creation_timestamp": 3}]},
        {"media": [{"uri": "media/bad.jpg", "title": "broken", "creation_timestamp": 4}]},
    ]
    data = archives.zip_bytes(
        {
            "content/posts_1.json": json.dumps(posts),
            "media/ok.jpg": images.jpeg(),
            "media/bad.jpg": b"not a photo",
        }
    )
    job = _run(client, upload_archive, data)
    assert job["state"] == "done"
    assert [n.body for n in Note.objects.filter(author=user)] == ["fine"]
    skipped = {s["what"]: s["reason"] for s in job["report"]["skipped"]}
    assert skipped == {"evil": "unsafe_path", "gone": "missing_file", "broken": "unreadable_photo"}
    assert all(s["message"] for s in job["report"]["skipped"])


def test_the_archive_is_deleted_when_the_import_ends(make_user, upload_archive, settings):
    _, client = make_user("mia")
    _run(client, upload_archive, _layout_with({}))
    assert _files_under(Path(settings.CROSSNOTE_IMPORTS_ROOT)) == []


def test_one_import_at_a_time(make_user, upload_archive, settings):
    from huey.contrib.djhuey import HUEY

    _, client = make_user("mia")
    HUEY.immediate = False  # the first stays waiting in the (test) queue
    try:
        first = upload_archive(client, _layout_with({}))
        second = upload_archive(client, _layout_with({}))
    finally:
        HUEY.flush()
        HUEY.immediate = True
    assert first.status_code == 202
    assert (second.status_code, second.json()["error"]) == (409, "import_running")


def test_web_upload_over_the_cap(make_user, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user, _ = make_user("mia")
    client.force_login(user)
    settings.CROSSNOTE_IMPORT_MAX_UPLOAD_BYTES = 10_000
    data = _layout_with({"media/big.bin": os.urandom(20_000)})
    response = client.post("/settings/import/", {"archive": SimpleUploadedFile("a.zip", data)})
    assert response.status_code == 413
    assert not ImportJob.objects.exists()


def test_api_upload_with_a_session_and_csrf(make_user, settings):
    """A browser session reaches the API too: Django's CSRF check reads the body before the
    route can put its handler in place, and the upload still works (and the token counts)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client, TestCase

    user, _ = make_user("mia")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    browser.get("/settings/import/")
    token = browser.cookies["csrftoken"].value
    files = {"archive": SimpleUploadedFile("a.zip", _layout_with({}))}
    refused = browser.post("/api/v1/imports", files)
    assert refused.status_code == 403
    files = {"archive": SimpleUploadedFile("a.zip", _layout_with({}))}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = browser.post("/api/v1/imports", files, headers={"X-CSRFToken": token})
    assert response.status_code == 202, response.content
    assert Note.objects.filter(author=user).count() == 1
    assert _files_under(Path(settings.CROSSNOTE_IMPORTS_ROOT)) == []


def test_a_stalled_import_is_picked_up_again(make_user, upload_archive):
    from datetime import timedelta

    from django.utils import timezone
    from huey.contrib.djhuey import HUEY

    from crossnote.imports.tasks import requeue_stalled_imports

    user, client = make_user("mia")
    HUEY.immediate = False  # the worker "dies": the task never runs
    try:
        job_id = upload_archive(client, _layout_with({})).json()["id"]
    finally:
        HUEY.flush()
        HUEY.immediate = True
    assert requeue_stalled_imports() == []  # not stale yet
    assert requeue_stalled_imports(timezone.now() + timedelta(minutes=11)) == [job_id]
    job = ImportJob.objects.get(pk=job_id)
    assert (job.state, job.attempts) == ("done", 1)
    assert Note.objects.filter(author=user).count() == 1
