"""A video note goes into the export (its rendition and poster) and comes back through the
video pipeline: probed as an upload would be, transcoded, published."""

from __future__ import annotations

import json

import pytest
from django.test import TestCase

from crossnote.exports import roundtrip
from crossnote.media.models import Video, VideoUpload
from crossnote.notes.models import Note
from tests.exports.conftest import open_zip
from tests.video.clips import make_clip
from tests.video.conftest import Tus


@pytest.fixture(autouse=True)
def _uploads_root(settings, tmp_path):
    settings.CROSSNOTE_UPLOADS_ROOT = tmp_path / "uploads"


def test_a_video_note_round_trips(make_user, tmp_path, settings):
    _vic, vic = make_user("vic")
    data = make_clip(tmp_path / "clip.mp4", width=96, height=64, seconds=1).read_bytes()
    location = Tus(vic).upload(data)
    posted = vic.call("POST", "/notes", data={"title": "Clip", "video_upload": location})
    assert posted.status_code == 201, posted.content
    export_id = vic.post("/exports").json()["id"]
    content = b"".join(vic.call("GET", f"/exports/{export_id}/download").streaming_content)
    zipped = open_zip(content)
    note = json.loads(zipped.read("notes.json"))[0]
    assert note["video"]["file"].endswith("-sd.mp4")
    assert note["video"]["file"] in zipped.namelist()
    assert note["video"]["poster"] in zipped.namelist()
    path = tmp_path / "vic.zip"
    path.write_bytes(content)

    settings.SECRET_KEY = "another server's secret key, long enough to be a real one"
    new_user, _client = make_user("vic2")
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = roundtrip.import_export(new_user, path)
    assert (report.created, report.failed) == (1, [])
    copy = Note.objects.get(author=new_user)
    assert copy.state == Note.State.PUBLISHED
    video = Video.objects.get(pk=copy.video_id)
    assert video.state == Video.State.READY and video.sd
    assert (video.width, video.height) == (96, 64)
    assert not VideoUpload.objects.exists()  # the upload became the note's video
