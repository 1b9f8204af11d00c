"""Videos in an S3-compatible store: the upload becomes an original in the bucket, the job
transcodes in a local temporary folder and the renditions are uploaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from django.conf import settings
from django.test import Client

from crossnote.media import storage, video_actions
from crossnote.media.models import Video, VideoUpload
from crossnote.notes.models import Note
from tests.storage.conftest import keys
from tests.video.conftest import Tus, _uploads_root, clip, files_under

__all__ = ["_uploads_root", "clip"]  # the video fixtures, used here too


def _post(client: Any, location: str) -> Any:
    return client.call("POST", "/notes", data={"title": "Clip", "video_upload": location})


def test_a_video_is_transcoded_into_the_bucket(s3, make_user, clip):
    _anna, anna = make_user("anna")
    response = _post(anna, Tus(anna).upload(clip(width=96, height=64, seconds=1)))
    assert response.status_code == 201, response.content
    video = Video.objects.get(pk=Note.objects.get(pk=response.json()["id"]).video_id)
    assert video.state == Video.State.READY and video.original == ""
    assert keys(s3) == {f"media/{video.sd}", f"media/{video.poster}"}
    # Nothing stays on this machine: no upload, no original, no rendition, no temporary file.
    assert files_under(Path(settings.CROSSNOTE_UPLOADS_ROOT), Path(settings.MEDIA_ROOT)) == []
    assert not VideoUpload.objects.exists()
    served = Client().get(video.url("sd"))
    assert served.status_code == 302
    fetched = httpx.get(served["Location"], headers={"Range": "bytes=0-99"}, timeout=10)
    assert fetched.status_code == 206 and fetched.headers["content-type"] == "video/mp4"


def test_a_failed_note_leaves_the_upload_and_no_object(s3, make_user, clip, monkeypatch):
    _anna, anna = make_user("anna")
    location = Tus(anna).upload(clip(width=96, height=64, seconds=1))

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away mid-note")

    monkeypatch.setattr("crossnote.notes.actions.NoteImage.objects.bulk_create", broken)
    answer = anna.client.post(
        "/api/v1/notes",
        {"title": "Clip", "video_upload": location},
        headers={"Authorization": f"Bearer {anna.token}"},
    )
    assert answer.status_code == 500
    # The original copied into the bucket is deleted again; the upload can be used again.
    assert keys(s3) == set()
    upload = VideoUpload.objects.get()
    assert (Path(settings.CROSSNOTE_UPLOADS_ROOT) / upload.name).exists()


def test_a_retried_job_replaces_what_a_killed_one_uploaded(s3, make_user, clip, monkeypatch):
    _anna, anna = make_user("anna")
    # The worker is killed before it starts: the note's task does nothing.
    monkeypatch.setattr("crossnote.notes.tasks.do_process_video", lambda video_id: "processing")
    response = _post(anna, Tus(anna).upload(clip(width=96, height=64, seconds=1)))
    video = Video.objects.get(pk=Note.objects.get(pk=response.json()["id"]).video_id)
    assert video.state == Video.State.PROCESSING
    assert keys(s3) == {f"originals/{video.original}"}
    _hd, sd, poster = video_actions.video_names(video.original)
    storage.save_exact(storage.public_storage(), sd, b"half a rendition from a killed job")
    assert video_actions.do_process_video(video.pk) == Video.State.READY
    assert storage.public_storage().size(sd) > 100
    assert keys(s3) == {f"media/{sd}", f"media/{poster}"}
