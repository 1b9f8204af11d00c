"""Resumable uploads for videos: the server side of tus 1.0 (core + `creation` + `termination`).

    POST   /api/v1/uploads          Upload-Length: N  → 201, Location: /api/v1/uploads/<token>
    HEAD   /api/v1/uploads/<token>                    → Upload-Offset: bytes received so far
    PATCH  /api/v1/uploads/<token>  Upload-Offset: k, Content-Type: application/offset+octet-stream
                                                      → 204, Upload-Offset: k + bytes appended
    DELETE /api/v1/uploads/<token>                    → 204

Bytes are streamed to a private file in 1 MB pieces (never held whole), so a 1 GB upload
costs a megabyte of memory. The file's size is the offset: when a connection drops mid-PATCH,
what arrived stays, and the client asks HEAD and goes on from there. A finished upload is
named by a note (`video_upload`), which takes the file; unused ones expire after a day.
(`django-tus`, the one Django tus server on PyPI, was last released in 2020 and keeps the
state in the cache; the protocol subset we need is this module.)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge
from crossnote.media.models import VideoUpload
from crossnote.moderation.permissions import ensure_can_act

CHUNK = 1024 * 1024
MAX_OPEN_UPLOADS = 5  # per person: each may reserve up to CROSSNOTE_VIDEO_MAX_BYTES of disk


def _root() -> Path:
    root = Path(settings.CROSSNOTE_UPLOADS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def upload_path(upload: VideoUpload) -> Path:
    return _root() / upload.name


def offset_of(upload: VideoUpload) -> int:
    try:
        return upload_path(upload).stat().st_size
    except FileNotFoundError:
        return 0


def too_large() -> PayloadTooLarge:
    return PayloadTooLarge(
        _("A video can be at most %(mb)d MB.")
        % {"mb": settings.CROSSNOTE_VIDEO_MAX_BYTES // (1024 * 1024)},
        code="video_too_large",
    )


def check_create_upload(owner: User, length: str | None) -> VideoUpload:
    """Start an upload of `length` bytes (the Upload-Length header, as sent)."""
    ensure_can_act(owner)
    if length is None or not length.isdigit() or int(length) == 0:
        raise InvalidInput(_("Say how long the upload is (Upload-Length)."), code="upload_length")
    if int(length) > settings.CROSSNOTE_VIDEO_MAX_BYTES:
        raise too_large()
    if VideoUpload.objects.filter(owner=owner).count() >= MAX_OPEN_UPLOADS:
        raise Conflict(_("Finish or cancel your other uploads first."), code="too_many_uploads")
    token = secrets.token_urlsafe(24)
    upload = VideoUpload.objects.create(
        token=token, owner=owner, length=int(length), name=f"{token}.part"
    )
    upload_path(upload).touch()
    return upload


def access_upload(owner: User, token: str) -> VideoUpload:
    """The person's own upload, else NotFound (someone else's looks the same as none)."""
    upload = VideoUpload.objects.filter(token=token, owner=owner).first()
    if upload is None:
        raise NotFound()
    return upload


def do_append(upload: VideoUpload, offset: str | None, stream: BinaryIO, sent: int | None) -> int:
    """Append the request body at `offset` (the Upload-Offset header); returns the new offset.

    Conflict if `offset` is not what we have (or another PATCH is writing); PayloadTooLarge if
    the body would go past the declared length (what fits is kept). A body cut short keeps
    what arrived before the error propagates.
    """
    if offset is None or not offset.isdigit():
        raise InvalidInput(_("Say where this piece starts (Upload-Offset)."), code="upload_offset")
    with open(upload_path(upload), "ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Conflict(_("This upload is already being written."), code="upload_busy") from None
        have = os.fstat(handle.fileno()).st_size
        if int(offset) != have:
            raise Conflict(
                _("The upload has %(have)d bytes, not %(offset)s.")
                % {"have": have, "offset": offset},
                code="upload_offset_mismatch",
            )
        room = upload.length - have
        if sent is not None and sent > room:
            raise too_large()
        remaining = sent if sent is not None else room + 1
        while remaining > 0:
            piece = stream.read(min(CHUNK, remaining))
            if not piece:
                break
            remaining -= len(piece)
            if len(piece) > room:  # no Content-Length, and more than was declared
                handle.write(piece[:room])
                handle.flush()
                raise too_large()
            handle.write(piece)
            room -= len(piece)
        handle.flush()
        return os.fstat(handle.fileno()).st_size


def do_delete_upload(upload: VideoUpload) -> None:
    path = upload_path(upload)
    upload.delete()
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def take_upload(upload: VideoUpload, target: Path) -> None:
    """Move a finished upload's file to `target` and delete its row (inside the caller's
    transaction; the caller moves the file back if that transaction fails)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(upload_path(upload), target)
    VideoUpload.objects.filter(pk=upload.pk).delete()


def sweep_expired_uploads(now: datetime | None = None) -> int:
    """Delete uploads older than VideoUpload.EXPIRES_AFTER, and files no upload names."""
    cutoff = (now or timezone.now()) - VideoUpload.EXPIRES_AFTER
    deleted = 0
    for upload in VideoUpload.objects.filter(created_at__lt=cutoff):
        with transaction.atomic():
            do_delete_upload(upload)
        deleted += 1
    known = set(VideoUpload.objects.values_list("name", flat=True))
    for path in _root().iterdir():
        if path.name not in known and path.stat().st_mtime < cutoff.timestamp():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                deleted += 1
    return deleted
