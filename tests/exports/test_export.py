"""Exporting: asked for through the API or the settings page, built in the background into
a temporary file renamed when complete, downloaded only by its owner, deleted when expired."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import TestCase
from django.utils import timezone

from crossnote.exports import actions, archive, building, files, tasks
from crossnote.exports.models import Export
from crossnote.media.models import Photo
from crossnote.moderation.filters import check_add_filter
from tests.exports.conftest import open_zip


def _download(client, export_id):
    response = client.call("GET", f"/exports/{export_id}/download")
    assert response.status_code == 200, getattr(response, "content", b"")
    return b"".join(response.streaming_content), response


def test_an_export_holds_everything_documented(lena, exports_root):
    check_add_filter(lena["user"], "spoilers", "hide")
    client = lena["client"]
    asked = client.post("/exports")
    assert asked.status_code == 202
    export_id = asked.json()["id"]
    status = client.get(f"/exports/{export_id}").json()
    assert status["state"] == "ready"
    assert status["download_url"] == f"/api/v1/exports/{export_id}/download"
    assert [e["id"] for e in client.get("/exports").json()] == [export_id]
    content, response = _download(client, export_id)
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert len(content) == status["size"]

    zipped = open_zip(content)
    names = set(zipped.namelist())
    manifest = json.loads(zipped.read("manifest.json"))
    assert manifest["format"] == "crossnote-export"
    assert manifest["format_version"] == archive.FORMAT_VERSION
    assert manifest["account"]["username"] == "lena"
    for section, file in manifest["files"].items():
        assert file == f"{section}.json" and file in names
    assert "index.html" in names

    data = {s: json.loads(zipped.read(f"{s}.json")) for s in archive.SECTIONS}
    assert data["profile"]["display_name"] == "Lena Li"
    assert data["settings"]["keyword_filters"] == [{"phrase": "spoilers", "action": "hide"}]
    notes = {n["id"]: n for n in data["notes"]}
    assert set(notes) == set(lena["notes"])
    first = notes[lena["notes"][0]]
    assert first["hashtags"] == ["tea"]
    assert len(first["photos"]) == 2
    assert notes[lena["notes"][1]]["visibility"] == "followers"
    # Every photo's full-size file is in the archive, byte for byte.
    for photo_out, photo in zip(
        first["photos"],
        Photo.objects.filter(pk__in=_photo_ids(lena["notes"][0])).order_by("pk"),
        strict=True,
    ):
        stored = (Path(settings.MEDIA_ROOT) / photo.full).read_bytes()
        assert zipped.read(photo_out["file"]) == stored
        assert photo_out["file"] in manifest["media"]
    assert [c["body"] for c in data["comments"]] == ["Yum!"]
    assert [like["note"]["id"] for like in data["likes"]] == [lena["omar_note"]]
    boards = {b["name"]: b for b in data["boards"]}
    assert [c["note"]["id"] for c in boards["Trips"]["collects"]] == [
        lena["notes"][0],
        lena["omar_note"],
    ]
    assert [p["username"] for p in data["follows"]["following"]] == ["omar"]
    assert [p["username"] for p in data["follows"]["followers"]] == ["omar"]
    assert [p["username"] for p in data["blocks"]["muted"]] == ["pia"]
    assert data["guide_answers"] == []
    assert isinstance(data["translations"], list)
    # Nothing but finished archives in the folder.
    assert [p.name for p in exports_root.iterdir()] == [Export.objects.get().file]


def _photo_ids(note_id):
    from crossnote.notes.models import NoteImage

    return NoteImage.objects.filter(note_id=note_id).values_list("photo_id", flat=True)


def test_only_the_owner_sees_or_downloads_an_export(lena, api, make_user):
    export_id = lena["client"].post("/exports").json()["id"]
    omar = lena["omar"]
    assert omar.get(f"/exports/{export_id}").status_code == 404
    assert omar.call("GET", f"/exports/{export_id}/download").status_code == 404
    assert omar.get("/exports").json() == []
    assert api.get(f"/exports/{export_id}").status_code == 401
    assert api.call("GET", f"/exports/{export_id}/download").status_code == 401
    assert lena["client"].get("/exports/999999").status_code == 404


def test_an_export_not_ready_is_not_served(lena):
    pending = Export.objects.create(owner=lena["user"])
    response = lena["client"].call("GET", f"/exports/{pending.pk}/download")
    assert response.status_code == 409
    assert response.json()["error"] == "export_not_ready"
    # Asking again while one is being built returns that one.
    again = lena["client"].post("/exports")
    assert again.status_code == 202
    assert again.json()["id"] == pending.pk
    assert Export.objects.count() == 1


def test_a_build_that_fails_leaves_no_file_and_serves_nothing(lena, exports_root, monkeypatch):
    def broken(user, stream):
        stream.write(b"PK half an archive")
        raise OSError("disk full")

    monkeypatch.setattr(archive, "write_archive", broken)
    export_id = lena["client"].post("/exports").json()["id"]
    assert list(exports_root.iterdir()) == []
    export = Export.objects.get(pk=export_id)
    assert (export.state, export.file, export.attempts) == ("pending", "", 1)
    assert lena["client"].call("GET", f"/exports/{export_id}/download").status_code == 409
    for _ in range(Export.MAX_ATTEMPTS - 1):
        building.do_build_export(export_id)
    export.refresh_from_db()
    assert export.state == "failed" and export.error == "OSError"
    assert list(exports_root.iterdir()) == []
    assert lena["client"].get(f"/exports/{export_id}").json()["state"] == "failed"


def test_a_limit_on_exports_a_day(lena):
    for _ in range(actions.MAX_PER_DAY):
        assert lena["client"].post("/exports").status_code == 202
    refused = lena["client"].post("/exports")
    assert refused.status_code == 409
    assert refused.json()["error"] == "too_many_exports"
    assert Export.objects.count() == actions.MAX_PER_DAY


def test_exports_expire_and_the_sweep_deletes_them(lena, exports_root):
    export_id = lena["client"].post("/exports").json()["id"]
    export = Export.objects.get(pk=export_id)
    path = files.export_path(export)
    assert path.exists()
    assert export.expires_at - export.finished_at == timedelta(days=settings.CROSSNOTE_EXPORT_DAYS)
    Export.objects.filter(pk=export_id).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert lena["client"].get(f"/exports/{export_id}").status_code == 404
    assert lena["client"].call("GET", f"/exports/{export_id}/download").status_code == 404
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert tasks.sweep_exports() == 1
    assert not path.exists()
    assert not Export.objects.exists()


def test_the_sweep_builds_again_what_a_dead_worker_left(lena, exports_root):
    stale = Export.objects.create(owner=lena["user"])
    Export.objects.filter(pk=stale.pk).update(
        updated_at=timezone.now() - Export.RETRY_AFTER - timedelta(minutes=1)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        tasks.sweep_exports()
    stale.refresh_from_db()
    assert stale.state == "ready"
    assert files.export_path(stale).exists()


def test_media_are_streamed_in_chunks(lena, monkeypatch):
    """No media file is read whole: every read asks for at most CHUNK bytes."""
    reads = []
    real_copy = archive.shutil.copyfileobj

    def watching(source, target, length=0):
        reads.append(length)
        return real_copy(source, target, length)

    monkeypatch.setattr(archive.shutil, "copyfileobj", watching)
    lena["client"].post("/exports")
    assert reads and all(0 < n <= archive.CHUNK for n in reads)


def test_a_deleted_file_is_listed_as_missing(lena):
    photo = Photo.objects.filter(pk__in=_photo_ids(lena["notes"][0])).first()
    (Path(settings.MEDIA_ROOT) / photo.full).unlink()
    export_id = lena["client"].post("/exports").json()["id"]
    content, _response = _download(lena["client"], export_id)
    manifest = json.loads(open_zip(content).read("manifest.json"))
    assert len(manifest["missing_media"]) == 1
    assert manifest["missing_media"][0] not in open_zip(content).namelist()


def test_the_settings_page_asks_for_and_lists_exports(lena, client):
    client.force_login(lena["user"])
    page = client.get("/settings/data")
    assert page.status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        asked = client.post("/settings/data", {"action": "export"})
    assert asked.status_code == 302
    export = Export.objects.get()
    html = client.get("/settings/data").content.decode()
    assert f"/api/v1/exports/{export.pk}/download" in html
    download = client.get(f"/api/v1/exports/{export.pk}/download")
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_index_html_escapes_text_and_speaks_the_owners_language(lena, language):
    from crossnote.accounts.models import User

    User.objects.filter(pk=lena["user"].pk).update(reading_language=language)
    export_id = lena["client"].post("/exports").json()["id"]
    content, _response = _download(lena["client"], export_id)
    page = open_zip(content).read("index.html").decode()
    assert "<b>not bold</b>" not in page
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page
    assert "http://" not in page and "https://" not in page
    assert ("Notes" in page) == (language == "en")


def test_the_settings_page_says_when_the_daily_limit_is_reached(lena, client):
    client.force_login(lena["user"])
    for _ in range(actions.MAX_PER_DAY):
        Export.objects.create(owner=lena["user"], state=Export.State.FAILED)
    refused = client.post("/settings/data", {"action": "export"})
    assert refused.status_code == 409
    assert "Try again tomorrow" in refused.content.decode()
    assert client.post("/settings/data", {"action": "nonsense"}).status_code == 404
