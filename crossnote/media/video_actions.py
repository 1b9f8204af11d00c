"""Writes for videos: keeping a checked upload as a note's original, transcoding it in a
capped child process (`media.video_job`), and deleting a video's files."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F

from crossnote.accounts.models import User
from crossnote.media import storage, uploads
from crossnote.media.models import Video, VideoUpload
from crossnote.media.video_probe import ProbedVideo

if TYPE_CHECKING:
    from crossnote.media.actions import StoredFiles

log = logging.getLogger(__name__)
# Failures that would happen again on a retry: the job is failed at once.
FINAL_ERRORS = {"cpu_limit", "memory_limit", "time_limit"}


def video_names(original: str) -> tuple[str, str, str]:
    """The hd and sd renditions' and the poster's names, derived from the original's, so a
    second attempt writes (and a sweep recognises) the same files."""
    stem = original.rsplit(".", 1)[0]
    return f"videos/{stem}_hd.mp4", f"videos/{stem}_sd.mp4", f"videos/{stem}_p.webp"


def original_path(name: str) -> Path:
    return Path(settings.CROSSNOTE_ORIGINALS_ROOT) / name


def store_video(
    owner: User, upload: VideoUpload, probed: ProbedVideo, written: StoredFiles
) -> Video:
    """Take a finished, probed upload as a PROCESSING video's original (inside the caller's
    transaction; the caller calls `written.discard()` if it fails).

    On the file system the upload is moved into place (and moved back by `discard`); to an
    object store it is copied, and the local file removed once the transaction commits."""
    name = f"{storage.new_stem()}.{probed.container}"
    source = uploads.upload_path(upload)
    originals = storage.originals_storage()
    target = storage.local_path(originals, name)
    if target is None:
        storage.save_file(originals, name, source)
        written.originals.append(name)
        VideoUpload.objects.filter(pk=upload.pk).delete()
        transaction.on_commit(partial(source.unlink, missing_ok=True))
    else:
        uploads.take_upload(upload, target)
        written.moved.append((target, source))
    return Video.objects.create(
        owner=owner,
        source_format=probed.container,
        original=name,
        width=probed.width,
        height=probed.height,
        duration=probed.duration,
    )


@dataclass(frozen=True)
class JobFailed(Exception):
    code: str
    detail: str = ""


def run_job(source: Path, targets: dict[str, Path]) -> dict:
    """Transcode in a child process capped at CROSSNOTE_VIDEO_JOB_CPU_SECONDS of CPU and
    CROSSNOTE_VIDEO_JOB_MEMORY_MB of address space; raises JobFailed."""
    cpu = settings.CROSSNOTE_VIDEO_JOB_CPU_SECONDS
    command = [
        sys.executable,
        "-m",
        "crossnote.media.video_job",
        str(source),
        *("--hd", str(targets["hd"]), "--sd", str(targets["sd"])),
        *("--poster", str(targets["poster"]), "--preset", settings.CROSSNOTE_VIDEO_PRESET),
        *("--cpu-seconds", str(cpu), "--memory-mb", str(settings.CROSSNOTE_VIDEO_JOB_MEMORY_MB)),
        *("--parent", str(os.getpid())),
    ]
    try:
        # Wall-clock bound too: a job waiting on a stalled disk uses no CPU.
        done = subprocess.run(command, capture_output=True, text=True, timeout=cpu * 3 + 60)  # noqa: S603
    except subprocess.TimeoutExpired:
        raise JobFailed("time_limit") from None
    lines = done.stdout.strip().splitlines()
    answer = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    if done.returncode < 0:  # killed: SIGXCPU at the soft CPU limit, SIGKILL at the hard one
        raise JobFailed("cpu_limit", f"signal {-done.returncode}")
    if done.returncode != 0 or "error" in answer:
        detail = answer.get("detail", "") or done.stderr[-150:]
        code = answer.get("error", "transcode_failed")
        if "alloc" in f"{detail} {done.stderr}".lower():  # an exhausted address space
            code = "memory_limit"
        raise JobFailed(code, detail)
    return answer


def do_process_video(video_id: int) -> str:
    """Make the renditions and poster of one video; returns its state afterwards.

    Safe to run again (after a kill -9): a video no longer PROCESSING is left as it is, and
    the files are written under the same names, replacing what a killed attempt left.
    """
    video = Video.objects.filter(pk=video_id, state=Video.State.PROCESSING).first()
    if video is None:
        return Video.objects.filter(pk=video_id).values_list("state", flat=True).first() or "gone"
    Video.objects.filter(pk=video_id).update(attempts=F("attempts") + 1)
    public = storage.public_storage()
    hd, sd, poster = video_names(video.original)
    try:
        made = _transcode(video.original, {"hd": hd, "sd": sd, "poster": poster})
    except JobFailed as failure:
        log.warning("video %s failed: %s %s", video_id, failure.code, failure.detail)
        video.refresh_from_db(fields=["attempts"])
        if failure.code in FINAL_ERRORS or video.attempts >= Video.MAX_ATTEMPTS:
            Video.objects.filter(pk=video_id).update(
                state=Video.State.FAILED, error=failure.code[:200]
            )
            return Video.State.FAILED
        return Video.State.PROCESSING
    with transaction.atomic():
        updated = Video.objects.filter(pk=video_id, state=Video.State.PROCESSING).update(
            state=Video.State.READY,
            hd=hd if "hd" in made["renditions"] else "",
            sd=sd,
            poster=poster,
            width=made["width"],
            height=made["height"],
            duration=made["duration"],
            color=made["color"],
            original="",
        )
    if not updated:  # deleted (or finished by someone else) meanwhile
        state = Video.objects.filter(pk=video_id).values_list("state", flat=True).first()
        if state is None:
            storage.delete_quietly(public, hd, sd, poster)
        return state or "gone"
    if "hd" not in made["renditions"]:
        storage.delete_quietly(public, hd)  # a killed attempt's, if the source is small
    storage.delete_quietly(storage.originals_storage(), video.original)
    return Video.State.READY


def _transcode(original: str, names: dict[str, str]) -> dict:
    """Run the job from the stored original into the stored names. PyAV reads and writes
    local files: with an object store, the original is fetched into a temporary folder, the
    job writes there, and what it made is uploaded under the same names (replacing what a
    killed attempt left). Raises JobFailed."""
    public, originals = storage.public_storage(), storage.originals_storage()
    source = storage.local_path(originals, original)
    targets = {key: storage.local_path(public, name) for key, name in names.items()}
    if source is not None and None not in targets.values():
        targets["hd"].parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        return run_job(source, targets)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory(prefix="crossnote-video-") as folder:
        work = Path(folder)
        if source is None:
            source = work / Path(original).name
            with originals.open(original, "rb") as stored, source.open("wb") as local:
                shutil.copyfileobj(stored, local, 1024 * 1024)
        made = run_job(source, {key: work / Path(name).name for key, name in names.items()})
        for key in ("poster", *made["renditions"]):
            storage.save_file(public, names[key], work / Path(names[key]).name)
    return made


def delete_videos(video_ids: Sequence[int]) -> None:
    """Delete video rows and every file they own. Call after the owning notes are gone."""
    videos = list(Video.objects.filter(pk__in=video_ids))
    Video.objects.filter(pk__in=video_ids).delete()
    for video in videos:
        storage.delete_quietly(storage.originals_storage(), video.original)
        names = video_names(video.original) if video.original else ()
        storage.delete_quietly(storage.public_storage(), video.hd, video.sd, video.poster, *names)
