"""The web side: Settings → Import uploads an archive, shows its progress (an htmx-polled
fragment) and report, the drafts page publishes, the note page says where it came from."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from crossnote.imports.models import ImportJob
from crossnote.notes.models import Note
from tests import images
from tests.imports import archives
from tests.imports.archives import IgPost

pytestmark = pytest.mark.django_db

MAY_3 = int(datetime(2024, 5, 3, 12, tzinfo=UTC).timestamp())


@pytest.fixture
def mia(make_user, client):
    user, _ = make_user("mia")
    client.force_login(user)
    return user


def _upload(client, data: bytes, name: str = "instagram.zip"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/settings/import/", {"archive": SimpleUploadedFile(name, data)})


def test_upload_progress_report_and_publish(client, mia):
    posts = [IgPost("Sunset #beach", MAY_3), IgPost("", MAY_3 + 60)]
    data = archives.instagram(
        "content/posts_1.json",
        posts,
        extra={"media/posts/202405/missing.json": "[]"},
    )
    response = _upload(client, data)
    assert response.status_code == 302
    job = ImportJob.objects.get(user=mia)
    fragment = client.get(f"/settings/import/{job.pk}/progress")
    assert fragment.status_code == 200
    assert b"hx-trigger" not in fragment.content  # done: polling stops
    assert b"Post: 2" in fragment.content
    page = client.get("/settings/import/")
    assert b"Review 2 drafts" in page.content
    note = Note.objects.filter(author=mia).order_by("pk").first()
    detail = client.get(f"/notes/{note.pk}")
    assert b"Originally posted on Instagram, 3 May 2024" in detail.content
    assert b"only you can see it" in detail.content
    drafts = client.get("/settings/import/drafts")
    assert drafts.status_code == 200 and b"Sunset" in drafts.content
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/settings/import/drafts/publish", {"note": [str(note.pk)]})
    assert Note.objects.get(pk=note.pk).state == Note.State.PUBLISHED
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/settings/import/drafts/publish", {"all": "1"})
    assert not Note.objects.filter(author=mia, state=Note.State.DRAFT).exists()


def test_the_line_is_translated(client, mia):
    _upload(client, archives.instagram("content/posts_1.json", [IgPost("x", MAY_3)]))
    note = Note.objects.get(author=mia)
    detail = client.get(f"/notes/{note.pk}", headers={"Accept-Language": "zh-hans"})
    assert "最初发布于 Instagram，2024年5月3日" in detail.content.decode()


def test_a_running_import_polls(client, mia):
    job = ImportJob.objects.create(
        user=mia, platform="tiktok", archive="x/archive.zip", state="running", total=10, done=4
    )
    fragment = client.get(f"/settings/import/{job.pk}/progress")
    assert b'hx-trigger="every 1s"' in fragment.content
    assert b'value="40"' in fragment.content


def test_someone_elses_progress_is_404(client, mia, make_user):
    other, _ = make_user("olga")
    job = ImportJob.objects.create(user=other, platform="tiktok", archive="x/archive.zip")
    assert client.get(f"/settings/import/{job.pk}/progress").status_code == 404


def test_a_refused_upload_shows_why(client, mia):
    response = _upload(client, images.jpeg(), "photo.jpg")
    assert response.status_code == 415
    assert (
        b"not a ZIP archive" in response.content or b"exactly as you downloaded" in response.content
    )
    assert not ImportJob.objects.exists()


def test_the_upload_form_needs_its_csrf_token(mia):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(mia)
    data = archives.instagram("content/posts_1.json", [IgPost("x", MAY_3)])
    response = strict.post("/settings/import/", {"archive": SimpleUploadedFile("a.zip", data)})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_history_page(client, mia):
    import json

    _upload(client, json.dumps(archives.tiktok()).encode(), "user_data.json")
    page = client.get("/settings/import/history?kind=video_link")
    assert b"https://www.tiktokv.com/share/video/720000000000000000/" in page.content
    assert b"so good" in client.get("/settings/import/history?kind=comment").content
