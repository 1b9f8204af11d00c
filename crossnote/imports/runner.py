"""Running an import, resumable and idempotent.

1. The job is claimed (WAITING or RUNNING → RUNNING; a job killed mid-way is RUNNING with
   a stale heartbeat and is claimed again, at most ImportJob.MAX_ATTEMPTS times).
2. Every member is decompressed once under the archive limits (`SafeArchive.verify`), so a
   bomb or a damaged archive fails the import *before* anything is made.
3. The source reads the archive into a plan (nothing written).
4. Each item is one transaction: its `ImportedItem` (unique per person, platform, kind and
   key) with its draft note and photos. An item found already is not made again, so a run
   after kill -9 (or a second import of the same archive) goes on where it stopped and
   creates nothing twice; a killed transaction leaves no row, and its files are the orphan
   sweep's. A post is made whole or skipped whole, with a reason in the report.
5. After the commit, the draft's photos are made here, so the review page shows them.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.actions import do_update_profile
from crossnote.core.errors import CrossnoteError
from crossnote.imports import sources
from crossnote.imports.archive import ArchiveRefused, SafeArchive, normalise
from crossnote.imports.models import ImportedItem, ImportJob, LinkedAccount
from crossnote.imports.plan import Plan, Post, Record
from crossnote.imports.storage import archive_path, delete_archive
from crossnote.media import uploads as video_uploads
from crossnote.media.actions import StoredFiles
from crossnote.media.inspect import inspect_upload
from crossnote.media.models import VideoUpload
from crossnote.media.video_probe import probe_video
from crossnote.notes import rules
from crossnote.notes.actions import do_create_draft
from crossnote.notes.tasks import make_note_media

MAX_PHOTOS = 18
MAX_SKIPPED_SHOWN = 500

Progress = Callable[[ImportJob], None]


@dataclass
class Report:
    skipped: list[dict] = field(default_factory=list)
    already: int = 0

    def skip(self, what: str, reason: str) -> None:
        self.skipped.append({"what": what[:80], "reason": reason})

    def as_json(self, job: ImportJob) -> dict:
        made = ImportedItem.objects.filter(job=job).values("kind").annotate(n=Count("pk"))
        return {
            "imported": {row["kind"]: row["n"] for row in made},
            "already": self.already,
            "skipped": self.skipped[:MAX_SKIPPED_SHOWN],
            "skipped_count": len(self.skipped),
        }


def _claim(job_id: int) -> ImportJob | None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in (ImportJob.State.DONE, ImportJob.State.FAILED):
            return None
        job.attempts += 1
        job.state = ImportJob.State.RUNNING
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["attempts", "state", "heartbeat_at"])
    return job


def _end(job: ImportJob, state: str, report: dict, code: str = "", message: str = "") -> str:
    ImportJob.objects.filter(pk=job.pk).update(
        state=state,
        report=report,
        error_code=code,
        error_message=message[:300],
        finished_at=timezone.now(),
    )
    delete_archive(job)
    return state


def do_run_import(job_id: int, progress: Progress | None = None) -> str:
    """Run (or go on with) import `job_id`; returns its state afterwards. Safe to call again
    at any point, also concurrently: items are unique, so nothing is made twice."""
    job = _claim(job_id)
    if job is None:
        return ImportJob.objects.filter(pk=job_id).values_list("state", flat=True).first() or "gone"
    report = Report()
    if job.attempts > ImportJob.MAX_ATTEMPTS:
        message = str(_("The import stopped too many times; upload the archive again."))
        return _end(job, ImportJob.State.FAILED, report.as_json(job), "import_gave_up", message)
    try:
        with SafeArchive(archive_path(job)) as archive:
            archive.verify()
            plan = sources.by_platform(job.platform).read(archive)
            for skipped in plan.skipped:
                report.skip(skipped.what, skipped.reason)
            _run_items(job, archive, plan, report, progress)
        _adopt_profile(job, plan, report)
    except ArchiveRefused as refused:
        return _end(job, ImportJob.State.FAILED, report.as_json(job), refused.code, refused.message)
    except FileNotFoundError:
        message = str(_("The uploaded archive is gone; upload it again."))
        return _end(job, ImportJob.State.FAILED, report.as_json(job), "archive_missing", message)
    return _end(job, ImportJob.State.DONE, report.as_json(job))


def _oldest_first(post: Post) -> tuple:
    return (post.posted_at is None, post.posted_at or timezone.now(), post.key)


def _run_items(
    job: ImportJob, archive: SafeArchive, plan: Plan, report: Report, progress: Progress | None
) -> None:
    items: list[Record | Post] = [*plan.records, *sorted(plan.posts, key=_oldest_first)]
    job.total, job.done = len(items), 0
    ImportJob.objects.filter(pk=job.pk).update(total=job.total, done=0)
    for index, item in enumerate(items, start=1):
        if isinstance(item, Record):
            _keep_record(job, plan.platform, item, report)
        else:
            _import_post(job, archive, plan.platform, item, report)
        job.done, job.heartbeat_at = index, timezone.now()
        ImportJob.objects.filter(pk=job.pk).update(done=index, heartbeat_at=job.heartbeat_at)
        if progress:
            progress(job)


def _keep_record(job: ImportJob, platform: str, record: Record, report: Report) -> None:
    item, created = ImportedItem.objects.get_or_create(
        user_id=job.user_id,
        platform=platform,
        kind=record.kind,
        key=record.key[:200],
        defaults={"job": job, "data": record.data},
    )
    if not created and item.job_id != job.pk:
        report.already += 1


def _found(job: ImportJob, platform: str, kind: str, key: str, report: Report) -> bool:
    """Whether the post was imported before; if so, its draft's media are made (a run
    killed between the commit and making them left them waiting)."""
    row = (
        ImportedItem.objects.filter(user_id=job.user_id, platform=platform, kind=kind, key=key)
        .values_list("job_id", "note_id")
        .first()
    )
    if row is None:
        return False
    if row[0] != job.pk:
        report.already += 1
    if row[1]:
        make_note_media(row[1])
    return True


def _members(archive: SafeArchive, post: Post, report: Report, what: str) -> list[str] | None:
    names = []
    for raw in post.media:
        name = normalise(raw)
        if name is None:
            report.skip(what, "unsafe_path")
            return None
        if not archive.has(name):
            report.skip(what, "missing_file")
            return None
        names.append(name)
    if len(names) > MAX_PHOTOS:
        report.skip(what, "too_many_photos")
    return names[:MAX_PHOTOS]


def _fields(post: Post) -> dict[str, str] | None:
    body = post.caption if len(post.caption) <= 1000 else post.caption[:999] + "…"
    title = "" if body.strip() else (post.posted_at.date().isoformat() if post.posted_at else "")
    try:
        return {"title": rules.check_title(title), "body": rules.check_body(body)}
    except CrossnoteError:
        return None


def _import_post(
    job: ImportJob, archive: SafeArchive, platform: str, post: Post, report: Report
) -> None:
    kind = ImportedItem.Kind.VIDEO if post.video else ImportedItem.Kind.POST
    key = post.key[:200]
    what = post.caption[:60] or (post.posted_at.date().isoformat() if post.posted_at else key)
    if _found(job, platform, kind, key, report):
        return
    names = _members(archive, post, report, what)
    fields = _fields(post)
    if names is None:
        return
    if not names:
        report.skip(what, "missing_file")
        return
    if fields is None:
        report.skip(what, "invalid_text")
        return
    media = _read_video(job, archive, names[0]) if post.video else _read_photos(archive, names)
    if isinstance(media, str):
        report.skip(what, media)
        return
    written = StoredFiles()
    try:
        with transaction.atomic():
            item = ImportedItem.objects.create(
                user_id=job.user_id,
                job=job,
                platform=platform,
                kind=kind,
                key=key,
                data={"date": post.posted_at.isoformat() if post.posted_at else ""},
            )
            note = do_create_draft(
                job.user,
                fields,
                [] if post.video else media,
                written,
                original_posted_at=post.posted_at,
                original_platform=platform,
                video=media if post.video else None,
            )
            item.note = note
            item.save(update_fields=["note"])
    except IntegrityError:  # imported meanwhile by another run of the same job
        written.discard()
        return
    except BaseException:
        written.discard()
        raise
    make_note_media(note.pk)


def _read_photos(archive: SafeArchive, names: list[str]) -> list | str:
    """[(stream, Inspected)] for each photo, or the reason code to skip the post."""
    photos = []
    for name in names:
        try:
            data = archive.read(name, settings.CROSSNOTE_MAX_UPLOAD_BYTES)
        except ArchiveRefused as refused:
            if refused.code == "archive_too_large":
                return "photo_too_large"
            raise
        stream = io.BytesIO(data)
        try:
            photos.append((stream, inspect_upload(stream, len(data))))
        except CrossnoteError:
            return "unreadable_photo"
    return photos


def _read_video(job: ImportJob, archive: SafeArchive, name: str) -> tuple | str:
    """(VideoUpload, ProbedVideo) for a video member, or the reason code to skip it. The
    member is streamed into a private upload file, which the note takes as it would a
    finished tus upload."""
    token = secrets.token_urlsafe(24)
    upload = VideoUpload(token=token, owner_id=job.user_id, length=0, name=f"{token}.part")
    path = video_uploads.upload_path(upload)
    try:
        with open(path, "wb") as sink:
            upload.length = archive.copy_to(name, sink, settings.CROSSNOTE_VIDEO_MAX_BYTES)
        probed = probe_video(path, upload.length)
    except (CrossnoteError, ArchiveRefused):
        path.unlink(missing_ok=True)
        return "video_rejected"
    upload.save()
    return upload, probed


def _adopt_profile(job: ImportJob, plan: Plan, report: Report) -> None:
    """Link the account there, and fill what is empty here: display name, bio (never
    overwriting), and the topics of favourite hashtags added to Discover's interests."""
    profile = plan.profile or {}
    username = (profile.get("username") or "").lstrip("@").lower()[:100]
    if username:
        LinkedAccount.objects.update_or_create(
            user_id=job.user_id, platform=plan.platform, defaults={"username": username}
        )
    user = job.user
    user.refresh_from_db()
    changes: dict[str, object] = {}
    if profile.get("display_name") and not user.display_name:
        changes["display_name"] = profile["display_name"][:40]
    if profile.get("bio") and not user.bio:
        changes["bio"] = profile["bio"][:500]
    if set(plan.interests) - set(user.interests):
        changes["interests"] = [*user.interests, *plan.interests]
    if not changes:
        return
    try:
        with transaction.atomic():
            do_update_profile(user, **changes)
    except CrossnoteError:
        report.skip(str(_("Profile")), "profile_not_changed")
