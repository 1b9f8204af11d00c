"""Writes for photos: storing checked uploads and processing them into variants."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import BinaryIO

from django.db import transaction
from django.db.models import F

from crossnote.accounts.models import User
from crossnote.media import processing, storage
from crossnote.media.inspect import Inspected
from crossnote.media.models import Photo

log = logging.getLogger(__name__)


class StoredFiles:
    """Files written during a transaction, removed again if it does not commit."""

    def __init__(self) -> None:
        self.originals: list[str] = []

    def discard(self) -> None:
        storage.delete_quietly(storage.originals_storage(), *self.originals)


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
    stem = photo.original.rsplit(".", 1)[0]
    public = storage.public_storage()
    grid = storage.save_exact(public, f"photos/{stem}_g.webp", rendered.grid)
    full = storage.save_exact(public, f"photos/{stem}_f.webp", rendered.full)
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
    if not updated:  # Someone else finished (or deleted) it meanwhile: keep theirs.
        storage.delete_quietly(public, grid, full)
        return Photo.objects.filter(pk=photo_id).values_list("state", flat=True).first() or "gone"
    storage.delete_quietly(storage.originals_storage(), photo.original)
    return Photo.State.READY


def delete_photos(photo_ids: Sequence[int]) -> None:
    """Delete photo rows and every file they own. Call after the owning rows are gone."""
    photos = list(Photo.objects.filter(pk__in=photo_ids))
    Photo.objects.filter(pk__in=photo_ids).delete()
    for photo in photos:
        storage.delete_quietly(storage.originals_storage(), photo.original)
        storage.delete_quietly(storage.public_storage(), photo.grid, photo.full)
