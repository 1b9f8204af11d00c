"""Importing a Crossnote export (docs/EXPORT-FORMAT.md) into this server, for one person.

Self-contained, so it can later become one source of a general importer: `import_export`
takes a path and a person and returns what it did. It recreates the notes (photos and
videos go through the normal pipeline: checked like uploads, stored as originals, processed
by the worker, then published), and the boards and collects whose notes exist here (the
imported notes, and on the server the export came from, the notes still there). Importing
the same archive again (or a later export of the same account) creates nothing twice: each
imported note remembers where it came from (`ImportedNote`).

The archive is untrusted input: member names with `..`, absolute paths, backslashes or
drive letters are refused before anything is read, as are links, too many members, and
members over their size cap (JSON 50 MB, photos as uploads, videos as uploads). A bad note
is skipped (and counted) rather than stopping the import; a bad archive stops it before
anything is stored.
"""

from __future__ import annotations

import hashlib
import json
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import CrossnoteError, InvalidInput
from crossnote.engagement.actions import default_board, do_collect, do_create_board
from crossnote.engagement.models import Board
from crossnote.exports.archive import FORMAT, FORMAT_VERSION, site_id
from crossnote.exports.models import ImportedNote
from crossnote.guides.models import GuidePair
from crossnote.media import uploads as video_uploads
from crossnote.media.inspect import inspect_upload
from crossnote.media.video_probe import probe_video
from crossnote.notes import rules
from crossnote.notes.actions import do_create_note
from crossnote.notes.models import Kind, Note
from crossnote.notes.queries import visible_notes

MAX_MEMBERS = 50_000
MAX_JSON_BYTES = 50 * 1024 * 1024
SPOOL_BYTES = 1024 * 1024  # media above this go to a temporary file, not memory
IMPORTED_STATES = {Note.State.PUBLISHED}  # failed, unfinished or hidden notes stay behind


class InvalidArchive(InvalidInput):
    code = "invalid_archive"


@dataclass
class ImportReport:
    created: int = 0
    skipped: int = 0  # imported before
    failed: list[str] = field(default_factory=list)  # "note 12: reason"
    boards: int = 0
    collects: int = 0


def _safe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    path = PurePosixPath(name)
    if path.is_absolute() or ":" in path.parts[0]:
        return False
    return ".." not in path.parts


class SafeArchive:
    """A ZIP whose member names and sizes were checked before anything is read."""

    def __init__(self, path: Path | str) -> None:
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InvalidArchive(_("That file is not a ZIP archive.")) from exc
        infos = self.zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InvalidArchive(_("That archive has too many files."))
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if not _safe_name(info.filename):
                raise InvalidArchive(
                    _("That archive names a file outside itself: %(name)s")
                    % {"name": info.filename[:100]}
                )
            if stat.S_ISLNK(info.external_attr >> 16):
                raise InvalidArchive(
                    _("That archive contains a link: %(name)s") % {"name": info.filename[:100]}
                )
            self.members[info.filename] = info

    def close(self) -> None:
        self.zip.close()

    def _info(self, name: str, cap: int) -> zipfile.ZipInfo:
        info = self.members.get(name) if _safe_name(name) else None
        if info is None:
            raise InvalidArchive(_("The archive has no %(name)s.") % {"name": name[:100]})
        if info.file_size > cap:
            raise InvalidArchive(_("%(name)s in the archive is too large.") % {"name": name[:100]})
        return info

    def json(self, name: str) -> Any:
        info = self._info(name, MAX_JSON_BYTES)
        with self.zip.open(info) as member:
            data = member.read(MAX_JSON_BYTES + 1)
        if len(data) > MAX_JSON_BYTES:
            raise InvalidArchive(_("%(name)s in the archive is too large.") % {"name": name})
        try:
            return json.loads(data)
        except (UnicodeDecodeError, ValueError) as exc:
            raise InvalidArchive(
                _("%(name)s in the archive is not JSON.") % {"name": name}
            ) from exc

    def copy(self, name: str, cap: int, target: IO[bytes]) -> int:
        """Copy a member into `target` in chunks, refusing past `cap` bytes (whatever the
        member's header claims). Returns the size."""
        info = self._info(name, cap)
        copied = 0
        with self.zip.open(info) as member:
            while chunk := member.read(1 << 16):
                copied += len(chunk)
                if copied > cap:
                    raise InvalidArchive(
                        _("%(name)s in the archive is too large.") % {"name": name}
                    )
                target.write(chunk)
        target.seek(0)
        return copied


def _source(manifest: dict[str, Any], note_id: Any) -> str:
    account = manifest.get("account") or {}
    origin = f"{manifest.get('site')}:{account.get('id')}:{note_id}"
    return hashlib.sha256(origin.encode()).hexdigest()


def _read_manifest(archive: SafeArchive) -> dict[str, Any]:
    manifest = archive.json("manifest.json")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidArchive(_("That archive is not a Crossnote export."))
    version = manifest.get("format_version")
    if not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise InvalidArchive(
            _("That export's format (version %(version)s) is newer than this server reads.")
            % {"version": str(version)[:10]}
        )
    return manifest


def _fields(user: User, item: dict[str, Any], has_media: bool) -> dict[str, str]:
    kind = str(item.get("kind") or Kind.NOTE)
    if kind == Kind.GUIDE and not GuidePair.objects.filter(user=user).exists():
        kind = Kind.NOTE  # only guides write guides; the note itself still comes home
    fields = {
        "title": rules.check_title(str(item.get("title") or "")),
        "body": rules.check_body(str(item.get("body") or "")),
        "topic": rules.check_topic(str(item.get("topic") or "other")),
        "place": rules.check_place(str(item.get("place") or "")),
        "visibility": rules.check_visibility(str(item.get("visibility") or "public")),
        "kind": rules.check_kind(kind),
    }
    if not fields["title"] and not fields["body"]:
        raise InvalidInput(_("Write a title or some text for your note."), code="empty_note")
    if not has_media and fields["kind"] != Kind.QUESTION:
        raise InvalidInput(_("The note's photos are not in the archive."), code="media_missing")
    return fields


def _photo_file(photo: dict[str, Any], archive: SafeArchive) -> str | None:
    """The best copy of a photo the archive has: the original when kept, else the full."""
    for key in ("original", "file"):
        name = photo.get(key)
        if isinstance(name, str) and name in archive.members:
            return name
    return None


def _import_note(
    user: User, item: dict[str, Any], archive: SafeArchive, source: str
) -> Note | None:
    photos = [p for p in item.get("photos") or [] if isinstance(p, dict)]
    photos.sort(key=lambda p: p.get("position") or 0)
    names = [name for p in photos if (name := _photo_file(p, archive))]
    video = item.get("video") if isinstance(item.get("video"), dict) else None
    video_name = video.get("file") if video else None
    has_video = isinstance(video_name, str) and video_name in archive.members
    fields = _fields(user, item, bool(names) or has_video)
    rules.check_image_count(len(names) or int(has_video), fields["kind"])
    alts = rules.check_alt_texts(
        [str(p.get("alt_text") or "") for p in photos][: len(names)], len(names)
    )
    streams = []
    try:
        uploads = []
        for name in names:
            stream = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
            streams.append(stream)
            size = archive.copy(name, settings.CROSSNOTE_MAX_UPLOAD_BYTES, stream)
            uploads.append((stream, inspect_upload(stream, size)))
        probed = _video_upload(user, archive, video_name) if has_video and not names else None
        with transaction.atomic():
            note = do_create_note(user, fields, uploads, alts, None, probed)
            ImportedNote.objects.create(user=user, source=source, note=note)
        return note
    finally:
        for stream in streams:
            stream.close()


def _video_upload(user: User, archive: SafeArchive, name: str) -> tuple[Any, Any]:
    """Put the archive's video where an upload would be, and check it as one."""
    size = archive.members[name].file_size
    upload = video_uploads.check_create_upload(user, str(size))
    try:
        with video_uploads.upload_path(upload).open("r+b") as target:
            archive.copy(name, settings.CROSSNOTE_VIDEO_MAX_BYTES, target)
        return upload, probe_video(video_uploads.upload_path(upload), size)
    except BaseException:
        with transaction.atomic():
            video_uploads.do_delete_upload(upload)
        raise


def _import_notes(
    user: User, manifest: dict[str, Any], archive: SafeArchive, report: ImportReport
) -> dict[int, int]:
    """Recreate the notes; returns {id in the export: id here} for every imported note."""
    items = archive.json("notes.json")
    if not isinstance(items, list):
        raise InvalidArchive(_("notes.json in the archive is not a list."))
    known = dict(ImportedNote.objects.filter(user=user).values_list("source", "note_id"))
    mapping: dict[int, int] = {}
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int):
            report.failed.append("note ?: not a note")
            continue
        if item.get("state") not in IMPORTED_STATES:
            continue
        source = _source(manifest, item["id"])
        if source in known:
            mapping[item["id"]] = known[source]
            report.skipped += 1
            continue
        try:
            note = _import_note(user, item, archive, source)
        except IntegrityError:  # imported meanwhile by a second run
            report.skipped += 1
            continue
        except CrossnoteError as exc:
            report.failed.append(f"note {item['id']}: {exc.message}")
            continue
        mapping[item["id"]] = note.pk
        report.created += 1
    return mapping


def _board_for(user: User, board: dict[str, Any]) -> Board:
    if board.get("is_default"):
        return default_board(user)
    name = " ".join(str(board.get("name") or "").split())[:40]
    existing = Board.objects.filter(owner=user, name=name).first()
    return existing or do_create_board(user, name, bool(board.get("is_private", True)))


def _import_boards(
    user: User,
    manifest: dict[str, Any],
    archive: SafeArchive,
    mapping: dict[int, int],
    report: ImportReport,
) -> None:
    boards = archive.json("boards.json")
    if not isinstance(boards, list):
        raise InvalidArchive(_("boards.json in the archive is not a list."))
    same_site = manifest.get("site") == site_id()
    seen = visible_notes(user)
    for board in boards:
        if not isinstance(board, dict):
            continue
        own, others = [], []
        for item in board.get("collects") or []:
            ref = item.get("note") if isinstance(item, dict) else None
            note_id = ref.get("id") if isinstance(ref, dict) else None
            if not isinstance(note_id, int):
                continue
            if item.get("own") and note_id in mapping:
                own.append(mapping[note_id])  # imported: still processing, maybe
            elif not item.get("own") and same_site:
                others.append(note_id)  # someone else's note, here if it still exists
        notes = list(Note.objects.filter(author=user, pk__in=own)) if own else []
        notes += list(seen.filter(pk__in=others)) if others else []
        if not notes and not board.get("is_default") and not board.get("name"):
            continue
        try:
            target = _board_for(user, board)
        except CrossnoteError as exc:
            report.failed.append(f"board {str(board.get('name'))[:40]}: {exc.message}")
            continue
        report.boards += 1
        for note in notes:
            try:
                do_collect(user, note, target.pk)
            except CrossnoteError as exc:
                report.failed.append(f"collect {note.pk}: {exc.message}")
                continue
            report.collects += 1


def import_export(user: User, path: Path | str) -> ImportReport:
    """Import the Crossnote export at `path` as `user` (see the module's docstring).
    InvalidArchive when the file is not a readable export (nothing is stored then)."""
    archive = SafeArchive(path)
    try:
        manifest = _read_manifest(archive)
        report = ImportReport()
        mapping = _import_notes(user, manifest, archive, report)
        _import_boards(user, manifest, archive, mapping, report)
        return report
    finally:
        archive.close()
