"""Every file the probe refuses: a 4xx with a stable code, and no rows and no files left."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from django.conf import settings

from crossnote.media.models import Video, VideoUpload
from crossnote.notes.models import Note
from tests import images
from tests.video.clips import make_clip, make_sparse_clip
from tests.video.conftest import Tus, files_under


def _text(_tmp: Path, text: str) -> bytes:
    return text.encode()


def _hls(tmp: Path) -> bytes:
    return _text(tmp, "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nhttp://127.0.0.1/a.ts\n")


def _concat(tmp: Path) -> bytes:
    # An ffconcat script naming another file: FFmpeg would open it if it guessed the format.
    return _text(tmp, "ffconcat version 1.0\nfile '/etc/passwd'\n")


def _no_moov(tmp: Path) -> bytes:
    data = make_clip(tmp / "a.mp4").read_bytes()  # the index is written last…
    return data[: data.index(b"moov") - 4]  # …and cut off


def _truncated(tmp: Path) -> bytes:
    data = make_clip(tmp / "a.mp4", seconds=2, faststart=True).read_bytes()
    return data[: len(data) // 2]  # index first, half the pictures missing


def _truncated_mkv(tmp: Path) -> bytes:
    data = make_clip(tmp / "a.mkv", seconds=2, container="matroska").read_bytes()
    return data[: len(data) // 2]


def _zero_fps(tmp: Path) -> bytes:
    # Two pictures with no time between them: a frame rate of 0/0.
    data = bytearray(make_clip(tmp / "a.mp4", seconds=2 / 24, audio=False).read_bytes())
    at = data.index(b"stts")
    for entry in range(struct.unpack(">I", data[at + 8 : at + 12])[0]):
        delta = at + 12 + entry * 8 + 4
        data[delta : delta + 4] = bytes(4)
    return bytes(data)


def _ten_hours(tmp: Path) -> bytes:
    return make_sparse_clip(tmp / "a.mkv", width=1, height=1, seconds=36_000).read_bytes()


def _eight_k_240(tmp: Path) -> bytes:
    path = make_clip(
        tmp / "a.mp4", width=7680, height=4320, fps=240, seconds=1 / 240, codec="mpeg4", audio=False
    )
    return path.read_bytes()


def _fast(tmp: Path) -> bytes:
    return make_clip(tmp / "a.mp4", fps=240, seconds=0.1, audio=False).read_bytes()


def _sound_only(tmp: Path) -> bytes:
    import av

    path = tmp / "a.mp4"
    with av.open(str(path), "w", format="mp4") as out:
        sound = out.add_stream("aac", rate=48000, layout="stereo")
        for i in range(20):
            samples = av.AudioFrame(format="fltp", layout="stereo", samples=1024)
            for plane in samples.planes:
                plane.update(bytes(1024 * 4))
            samples.sample_rate, samples.pts = 48000, i * 1024
            for packet in sound.encode(samples):
                out.mux(packet)
        for packet in sound.encode(None):
            out.mux(packet)
    return path.read_bytes()


@pytest.mark.parametrize(
    ("maker", "status", "code"),
    [
        (lambda tmp: _text(tmp, "not a video at all"), 415, "not_a_video"),
        (lambda _tmp: images.jpeg(), 415, "not_a_video"),
        (_hls, 415, "not_a_video"),
        (_concat, 415, "not_a_video"),
        (_no_moov, 400, "video_corrupt"),
        (_truncated, 400, "video_corrupt"),
        (_truncated_mkv, 400, "video_corrupt"),
        (_zero_fps, 400, "video_frame_rate"),
        (_fast, 400, "video_frame_rate"),
        (_ten_hours, 400, "video_too_long"),
        (_eight_k_240, 400, "video_frame_size"),
        (_sound_only, 400, "video_no_picture"),
    ],
    ids=[
        "text",
        "jpeg",
        "hls-playlist-as-mp4",
        "ffconcat-with-external-file",
        "no-moov",
        "truncated-mp4",
        "truncated-mkv",
        "zero-fps",
        "240-fps",
        "ten-hours-1x1",
        "8k-240",
        "sound-only",
    ],
)
def test_refused_videos_leave_nothing(make_user, tmp_path, maker, status, code):
    _anna, anna = make_user("anna")
    made = tmp_path / "made"
    made.mkdir()
    location = Tus(anna).upload(maker(made))
    response = anna.call("POST", "/notes", data={"title": "Clip", "video_upload": location})
    assert response.status_code == status, response.content
    assert response.json()["error"] == code
    assert not Note.objects.exists() and not Video.objects.exists()
    assert not VideoUpload.objects.exists()
    stored = (Path(settings.CROSSNOTE_UPLOADS_ROOT), settings.CROSSNOTE_ORIGINALS_ROOT)
    assert files_under(*stored, Path(settings.MEDIA_ROOT)) == []


def test_a_video_over_the_size_limit_is_refused_before_any_byte(make_user, settings):
    settings.CROSSNOTE_VIDEO_MAX_BYTES = 1000
    _anna, anna = make_user("anna")
    answer = Tus(anna).create(1001)
    assert answer.status_code == 413 and answer.json()["error"] == "video_too_large"
    assert not VideoUpload.objects.exists()


def test_a_video_longer_than_the_setting_is_refused(make_user, settings, clip):
    settings.CROSSNOTE_VIDEO_MAX_SECONDS = 1
    _anna, anna = make_user("anna")
    location = Tus(anna).upload(clip(seconds=2))
    response = anna.call("POST", "/notes", data={"title": "Clip", "video_upload": location})
    assert response.status_code == 400 and response.json()["error"] == "video_too_long"


def test_photos_and_a_video_together_are_refused(make_user, clip):
    _anna, anna = make_user("anna")
    location = Tus(anna).upload(clip())
    data = {"title": "Both", "video_upload": location, "images": [images.upload(images.jpeg())]}
    response = anna.call("POST", "/notes", data=data)
    assert response.status_code == 400 and response.json()["error"] == "video_and_photos"
    assert not Note.objects.exists()
    assert VideoUpload.objects.count() == 1  # the upload is still there for a corrected post


def test_an_unfinished_upload_cannot_make_a_note(make_user, clip):
    _anna, anna = make_user("anna")
    data = clip()
    tus = Tus(anna)
    location = tus.create(len(data))["Location"]
    assert tus.patch(location, 0, data[:100]).status_code == 204
    response = anna.call("POST", "/notes", data={"title": "Clip", "video_upload": location})
    assert response.status_code == 409 and response.json()["error"] == "upload_incomplete"
    assert not Note.objects.exists()


def test_someone_elses_upload_is_not_found(make_user, clip):
    _anna, anna = make_user("anna")
    _ben, ben = make_user("ben")
    location = Tus(anna).upload(clip())
    response = ben.call("POST", "/notes", data={"title": "Mine?", "video_upload": location})
    assert response.status_code == 404
    assert Tus(ben).head(location).status_code == 404
    assert VideoUpload.objects.count() == 1
