"""The background transcode: renditions, rotation, poster, limits, and a kill -9 mid-way."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from datetime import timedelta
from pathlib import Path

import av
import pytest
from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageStat

from crossnote.media import video_actions
from crossnote.media.models import Video
from crossnote.notes.models import Note
from crossnote.notes.tasks import requeue_stuck_notes
from tests.video.clips import rotate_mp4
from tests.video.conftest import Tus, files_under


def _file(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def _post(client, data: bytes, **headers) -> object:
    location = Tus(client).upload(data)
    return client.call(
        "POST", "/notes", data={"title": "Clip", "video_upload": location}, headers=headers
    )


def _size(name: str) -> tuple[int, int]:
    with av.open(str(_file(name))) as made:
        stream = made.streams.video[0]
        return stream.width, stream.height


def test_two_renditions_never_upscaled(make_user, clip):
    _anna, anna = make_user("anna")
    response = _post(anna, clip(width=854, height=540, seconds=0.5))
    video = Video.objects.get(pk=Note.objects.get(pk=response.json()["id"]).video_id)
    assert video.state == Video.State.READY
    assert _size(video.hd) == (854, 540)  # ≤ 1080: kept as it is
    assert _size(video.sd) == (760, 480)
    assert (video.width, video.height) == (854, 540)


def test_rotation_is_applied_to_the_pixels(make_user, clip, tmp_path):
    _anna, anna = make_user("anna")
    source = tmp_path / "turned.mp4"
    source.write_bytes(clip(width=96, height=64))
    rotate_mp4(source, 90)  # a phone held upright: stored sideways, shown turned
    response = _post(anna, source.read_bytes())
    video = Video.objects.get(pk=Note.objects.get(pk=response.json()["id"]).video_id)
    assert (video.width, video.height) == (64, 96)
    with av.open(str(_file(video.sd))) as made:
        frame = next(made.decode(video=0))
        assert (frame.width, frame.height) == (64, 96)
        assert not frame.rotation  # upright pixels, no matrix left for players to apply
        picture = frame.to_image()
    # The white corner was top-left; turned a quarter clockwise it is top-right.
    assert min(picture.getpixel((60, 4))) > 200
    assert max(picture.getpixel((4, 4))[:2]) < 200


def test_the_poster_is_not_a_black_frame(make_user, clip):
    _anna, anna = make_user("anna")
    response = _post(anna, clip(seconds=2, black_frames=12))
    video = Video.objects.get(pk=Note.objects.get(pk=response.json()["id"]).video_id)
    poster = Image.open(_file(video.poster)).convert("L")
    assert ImageStat.Stat(poster).mean[0] > 40
    assert video.color != "#000000"


def test_the_same_idempotency_key_makes_one_note(make_user, clip):
    _anna, anna = make_user("anna")
    location = Tus(anna).upload(clip())
    data = {"title": "Once", "video_upload": location}
    first = anna.call("POST", "/notes", data=data, headers={"Idempotency-Key": "k-1"})
    again = anna.call("POST", "/notes", data=data, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Note.objects.count() == 1 and Video.objects.count() == 1


def test_a_job_past_its_cpu_limit_fails_cleanly(make_user, clip, settings):
    # The slowest preset on a small clip needs more than the one CPU second allowed.
    settings.CROSSNOTE_VIDEO_PRESET = "placebo"
    settings.CROSSNOTE_VIDEO_JOB_CPU_SECONDS = 1
    _anna, anna = make_user("anna")
    response = _post(anna, clip(width=320, height=240, seconds=2, fps=30))
    note = Note.objects.get(pk=response.json()["id"])
    video = Video.objects.get(pk=note.video_id)
    assert (video.state, video.error, video.attempts) == (Video.State.FAILED, "cpu_limit", 1)
    assert note.state == Note.State.FAILED


def test_a_job_past_its_memory_limit_fails_cleanly(make_user, clip, settings):
    settings.CROSSNOTE_VIDEO_JOB_MEMORY_MB = 300  # below what libx264 asks for
    _anna, anna = make_user("anna")
    response = _post(anna, clip(width=320, height=240, seconds=1))
    note = Note.objects.get(pk=response.json()["id"])
    video = Video.objects.get(pk=note.video_id)
    assert (video.state, video.error) == (Video.State.FAILED, "memory_limit")
    assert note.state == Note.State.FAILED


class KilledWorker(BaseException):
    """What the worker's death looks like from inside: nothing after it runs."""


def test_kill_9_during_transcoding_then_the_sweep_finishes_it(make_user, clip, monkeypatch):
    """The job is SIGKILLed once its first rendition is being written (as a kill -9 of the
    worker does: PR_SET_PDEATHSIG takes the job with it); the worker's part stops there. The
    periodic sweep then runs it again over the half-written files, and the note is published
    with exactly the files its rows name."""
    real_run = subprocess.run
    killed = threading.Event()

    def run_and_kill(command, **kwargs):
        if killed.is_set():
            return real_run(command, **kwargs)
        kwargs.pop("timeout", None)
        kwargs.pop("capture_output", None)
        kwargs.pop("text", None)
        job = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603 - our own command line
        part = Path(command[command.index("--sd") + 1])
        part = part.with_name(f".{part.name}.part")
        while not part.exists() and job.poll() is None:
            threading.Event().wait(0.005)  # polling a file the job writes; no timing decides
        os.kill(job.pid, signal.SIGKILL)
        job.wait()
        killed.set()
        raise KilledWorker

    monkeypatch.setattr(video_actions.subprocess, "run", run_and_kill)
    _anna, anna = make_user("anna")
    with pytest.raises(KilledWorker):
        _post(anna, clip(seconds=2))
    note = Note.objects.get()
    video = Video.objects.get()
    assert killed.is_set()
    assert note.state == Note.State.PROCESSING and video.state == Video.State.PROCESSING
    assert requeue_stuck_notes(timezone.now()) == []  # a live job is never started twice
    later = timezone.now() + Video.RETRY_AFTER + timedelta(minutes=1)
    assert requeue_stuck_notes(later) == [note.pk]
    note.refresh_from_db()
    video.refresh_from_db()
    assert (note.state, video.state, video.attempts) == ("published", "ready", 2)
    on_disk = {str(p.relative_to(settings.MEDIA_ROOT)) for p in files_under(settings.MEDIA_ROOT)}
    assert on_disk == {video.sd, video.poster}
    assert files_under(settings.CROSSNOTE_ORIGINALS_ROOT) == []
