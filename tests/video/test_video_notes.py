"""Video notes end to end: a resumable upload, the probe, the background transcode."""

from __future__ import annotations

from pathlib import Path

import av
import pytest
from django.conf import settings

from crossnote.media.models import Video, VideoUpload
from crossnote.notes.models import Note
from tests.video.conftest import Tus, files_under


def _post_video_note(client, location: str, **fields) -> object:
    data = {"title": fields.pop("title", "Clip"), "video_upload": location, **fields}
    return client.call("POST", "/notes", data=data)


def _file(url: str) -> Path:
    return Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)


def test_a_video_note_is_transcoded_and_published(make_user, clip):
    _anna, anna = make_user("anna")
    data = clip(
        width=96,
        height=64,
        seconds=1,
        metadata={"location": "+48.8584+002.2945/", "com.apple.quicktime.make": "Apple"},
    )
    location = Tus(anna).upload(data)
    response = _post_video_note(anna, location)
    assert response.status_code == 201, response.content
    note = Note.objects.get(pk=response.json()["id"])
    assert note.state == Note.State.PUBLISHED
    video = Video.objects.get(pk=note.video_id)
    assert video.state == Video.State.READY
    assert (video.width, video.height) == (96, 64)
    assert video.duration == pytest.approx(1.0, abs=0.1)
    assert video.hd == ""  # a 64-pixel-high source is never upscaled to a bigger rendition
    assert video.original == "" and not VideoUpload.objects.exists()
    rendition = _file(video.url("sd"))
    with av.open(str(rendition)) as made:
        assert made.format.name.startswith("mov,mp4")
        streams = {s.type: s.codec_context.name for s in made.streams}
        assert streams == {"video": "h264", "audio": "aac"}
        assert (made.streams.video[0].width, made.streams.video[0].height) == (96, 64)
        assert not {k for k in made.metadata if "location" in k or "apple" in k}
    raw = rendition.read_bytes()
    assert raw.index(b"moov") < raw.index(b"mdat")  # faststart: playable while downloading
    assert _file(video.url("poster")).read_bytes()[:4] == b"RIFF"
    # Nothing is left over: no upload part, no original, no half-written rendition.
    leftovers = files_under(
        Path(settings.CROSSNOTE_UPLOADS_ROOT), settings.CROSSNOTE_ORIGINALS_ROOT
    )
    assert leftovers == []
    assert not [p for p in files_under(Path(settings.MEDIA_ROOT)) if p.name.endswith(".part")]
