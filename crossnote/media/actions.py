"""Writes for photos: storing checked uploads, processing them into variants, and sweeping
up files that nothing references."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.media import processing, storage
from crossnote.media.inspect import Inspected
from crossnote.media.models import Photo, Video
from crossnote.media.video_actions import video_names

log = logging.getLogger(__name__)
# Names looked up in the database at a time while sweeping.
SWEEP_BATCH = 500


class StoredFiles:
    """Files written during a transaction, removed again if it does not commit."""

    def __init__(self) -> None:
        self.originals: list[str] = []
        # Files moved into place (a video upload taken as an original): (target, source).
        self.moved: list[tuple[Path, Path]] = []

    def discard(self) -> None:
        storage.delete_quietly(storage.originals_storage(), *self.originals)
        for target, source in self.moved:  # back where they were: the upload is still there
            with contextlib.suppress(OSError):
                os.replace(target, source)


def store_originals(
    owner: User, uploads: Sequence[tuple[BinaryIO, Inspected]], written: StoredFiles
) -> list[Photo]:
    """Create a PROCESSING photo per checked upload and keep its original privately.

    Must run inside a transaction; the caller discards `written` if that transaction fails.
    """
    photos = []
    for stream, info in uploads:
        stream.seek(0)
        name = f"{storage.new_stem()}.{info.format}"
        storage.save_exact(storage.originals_storage(), name, stream.read())
        written.originals.append(name)
        photos.append(
            Photo.objects.create(
                owner=owner,
                source_format=info.format,
                original=name,
                width=info.width,
                height=info.height,
            )
        )
    return photos


def do_process_photo(photo_id: int) -> str:
    """Make the variants of one photo and return its state afterwards.

    Safe to run twice: a photo that is no longer PROCESSING is left as it is.
    """
    photo = Photo.objects.filter(pk=photo_id, state=Photo.State.PROCESSING).first()
    if photo is None:
        return Photo.objects.filter(pk=photo_id).values_list("state", flat=True).first() or "gone"
    Photo.objects.filter(pk=photo_id).update(attempts=F("attempts") + 1)
    try:
        with storage.originals_storage().open(photo.original, "rb") as handle:
            rendered = processing.render(handle.read())
    except (OSError, ValueError, SyntaxError) as exc:
        log.warning("photo %s failed to process: %s", photo_id, exc)
        photo.refresh_from_db(fields=["attempts"])
        if photo.attempts >= Photo.MAX_ATTEMPTS:
            Photo.objects.filter(pk=photo_id).update(state=Photo.State.FAILED, error=str(exc)[:200])
            return Photo.State.FAILED
        return Photo.State.PROCESSING
    public = storage.public_storage()
    # Same names on every attempt: a killed attempt's files are overwritten, not in the way.
    grid_name, full_name = storage.variant_names(photo.original)
    grid = storage.save_replacing(public, grid_name, rendered.grid)
    full = storage.save_replacing(public, full_name, rendered.full)
    with transaction.atomic():
        updated = Photo.objects.filter(pk=photo_id, state=Photo.State.PROCESSING).update(
            state=Photo.State.READY,
            grid=grid,
            full=full,
            width=rendered.width,
            height=rendered.height,
            color=rendered.color,
            original="",
        )
    if not updated:  # Someone else finished, failed or deleted it meanwhile.
        now = Photo.objects.filter(pk=photo_id).values_list("state", "grid", "full").first()
        if now is None or (now[1], now[2]) != (grid, full):
            storage.delete_quietly(public, grid, full)  # files of ours that nothing uses
        return now[0] if now else "gone"
    storage.delete_quietly(storage.originals_storage(), photo.original)
    return Photo.State.READY


def delete_photos(photo_ids: Sequence[int]) -> None:
    """Delete photo rows and every file they own. Call after the owning rows are gone."""
    photos = list(Photo.objects.filter(pk__in=photo_ids))
    Photo.objects.filter(pk__in=photo_ids).delete()
    for photo in photos:
        storage.delete_quietly(storage.originals_storage(), photo.original)
        storage.delete_quietly(storage.public_storage(), photo.grid, photo.full)


def sweep_orphan_files(now: datetime | None = None) -> int:
    """Delete photo and video files no row references once they are older than
    Photo.ORPHAN_GRACE: what a killed worker or upload left behind. Returns how many were
    deleted.

    A younger file may belong to a note whose transaction has not committed yet, so it is
    never touched; nor are the files a PROCESSING photo or video is about to (re)write (a
    video waiting for its retry keeps its original however long it waits).
    """
    cutoff = (now or timezone.now()) - Photo.ORPHAN_GRACE
    originals, public = storage.originals_storage(), storage.public_storage()
    candidates = [(originals, name) for name in _files_older_than(originals, "", cutoff)]
    for folder in ("photos", "videos"):
        candidates += [(public, name) for name in _files_older_than(public, folder, cutoff)]
    # Rows are read after the files are listed: one committed meanwhile still counts.
    expected = _files_being_written()
    deleted = 0
    for start in range(0, len(candidates), SWEEP_BATCH):
        batch = candidates[start : start + SWEEP_BATCH]
        kept = expected | _referenced([name for _store, name in batch])
        for store, name in batch:
            if name not in kept:
                storage.delete_quietly(store, name)
                deleted += 1
    if deleted:
        log.info("deleted %s photo files that no row referenced", deleted)
    return deleted


def _files_older_than(store: Storage, folder: str, cutoff: datetime) -> Iterator[str]:
    """Through the storage API: an object store lists names with their times in one go."""
    listing = getattr(store, "objects_older_than", None)
    if listing is not None:
        yield from listing(folder, cutoff)
        return
    try:
        folders, files = store.listdir(folder)
    except FileNotFoundError:
        return
    for sub in folders:
        yield from _files_older_than(store, f"{folder}/{sub}" if folder else sub, cutoff)
    for file in files:
        name = f"{folder}/{file}" if folder else file
        with contextlib.suppress(OSError):  # deleted meanwhile
            if store.get_modified_time(name) < cutoff:
                yield name


def _files_being_written() -> set[str]:
    """Names that PROCESSING photos and videos will (re)write, with a video job's
    half-written `.part` files (media.video_job writes `videos/.NAME.part` beside each)."""
    names = {
        name
        for original in Photo.objects.filter(state=Photo.State.PROCESSING)
        .exclude(original="")
        .values_list("original", flat=True)
        .iterator()
        for name in storage.variant_names(original)
    }
    for original in (
        Video.objects.filter(state=Video.State.PROCESSING)
        .exclude(original="")
        .values_list("original", flat=True)
        .iterator()
    ):
        for name in video_names(original):
            folder, _, file = name.rpartition("/")
            names |= {name, f"{folder}/.{file}.part"}
    return names


def _referenced(names: list[str]) -> set[str]:
    photos = Photo.objects.filter(
        Q(original__in=names) | Q(grid__in=names) | Q(full__in=names)
    ).values_list("original", "grid", "full")
    videos = Video.objects.filter(
        Q(original__in=names) | Q(hd__in=names) | Q(sd__in=names) | Q(poster__in=names)
    ).values_list("original", "hd", "sd", "poster")
    return {name for row in [*photos, *videos] for name in row if name}
