"""Writes for imports: taking an uploaded archive and queueing its import. The import
itself runs in `imports.runner`; drafts are published by `notes.actions.check_publish_drafts`.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import (
    Conflict,
    CrossnoteError,
    InvalidInput,
    PayloadTooLarge,
    UnsupportedMedia,
)
from crossnote.core.tasks import enqueue_on_commit
from crossnote.imports import sources
from crossnote.imports.archive import ArchiveRefused, SafeArchive
from crossnote.imports.models import ImportJob
from crossnote.imports.storage import imports_root
from crossnote.moderation.permissions import ensure_can_act

ARCHIVE_NAME = "archive.zip"
ZIP_MAGIC = b"PK\x03\x04"
HASH_CHUNK = 1024 * 1024


def too_large() -> PayloadTooLarge:
    return PayloadTooLarge(
        _("An archive can be at most %(gb).1f GB.")
        % {"gb": settings.CROSSNOTE_IMPORT_MAX_UPLOAD_BYTES / 1024**3},
        code="archive_too_large",
    )


def refusal(refused: ArchiveRefused) -> CrossnoteError:
    """The HTTP error for an archive refused when it is uploaded."""
    if refused.code == "archive_too_large":
        return PayloadTooLarge(refused.message, code=refused.code)
    if refused.code == "not_an_archive":
        return UnsupportedMedia(refused.message, code=refused.code)
    return InvalidInput(refused.message, code=refused.code)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while piece := handle.read(HASH_CHUNK):
            digest.update(piece)
    return digest.hexdigest()


def _wrap_json(source: Path, target: Path) -> None:
    """TikTok also exports one bare JSON file: it is put in a ZIP of its own, so every
    import reads the same way (and under the same limits)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(source, "user_data.json")


def _place(upload: Path, folder: Path, *, keep_upload: bool) -> Path:
    """The uploaded file as `folder/archive.zip`: moved (or copied, for the CLI's own file)."""
    with open(upload, "rb") as handle:
        head = handle.read(64).lstrip()
    target = folder / ARCHIVE_NAME
    if head.startswith(ZIP_MAGIC):
        (shutil.copyfile if keep_upload else shutil.move)(upload, target)
    elif head.startswith(b"{"):
        if upload.stat().st_size > settings.CROSSNOTE_IMPORT_MAX_JSON_BYTES:
            raise too_large()
        _wrap_json(upload, target)
    else:
        raise UnsupportedMedia(
            _("Upload the ZIP (or TikTok's JSON file) exactly as you downloaded it."),
            code="not_an_archive",
        )
    return target


def check_start_import(
    user: User,
    upload: Path,
    original_name: str = "",
    *,
    keep_upload: bool = False,
    run_in_background: bool = True,
) -> ImportJob:
    """Take an uploaded archive (a file on disk) for `user` and queue its import.

    The members' names are checked at once (an unsafe, linked, nested or encrypted member,
    or an archive that is not an export we know, is a 4xx and nothing is kept); the bytes
    are decompressed and checked by the background import. Conflict while another import
    of the person's runs."""
    ensure_can_act(user)
    size = upload.stat().st_size
    if size > settings.CROSSNOTE_IMPORT_MAX_UPLOAD_BYTES:
        raise too_large()
    if size == 0:
        raise UnsupportedMedia(_("That file is empty."), code="not_an_archive")
    if ImportJob.objects.filter(
        user=user, state__in=[ImportJob.State.WAITING, ImportJob.State.RUNNING]
    ).exists():
        raise Conflict(
            _("An import of yours is still running. Wait for it to finish."),
            code="import_running",
        )
    sha256 = _sha256(upload)
    folder = imports_root() / secrets.token_hex(16)
    folder.mkdir()
    try:
        target = _place(upload, folder, keep_upload=keep_upload)
        try:
            with SafeArchive(target) as archive:
                source = sources.recognise(archive)
        except ArchiveRefused as refused:
            raise refusal(refused) from None
        if source is None:
            raise UnsupportedMedia(
                _("This is not an Instagram or TikTok export we know."), code="not_an_export"
            )
        with transaction.atomic():
            job = ImportJob.objects.create(
                user=user,
                platform=source.PLATFORM,
                archive=f"{folder.name}/{ARCHIVE_NAME}",
                original_name=original_name[:200],
                size=size,
                sha256=sha256,
            )
            if run_in_background:
                from crossnote.imports import tasks

                enqueue_on_commit(tasks.run_import, job.pk)
        return job
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def resumable_job(user: User, upload: Path) -> ImportJob | None:
    """An unfinished import of the same file by the same person (the CLI goes on with it)."""
    jobs = ImportJob.objects.filter(
        user=user, state__in=[ImportJob.State.WAITING, ImportJob.State.RUNNING]
    )
    if not jobs.exists():
        return None
    return jobs.filter(sha256=_sha256(upload)).order_by("-id").first()
