"""Background work for notes: making their photos, and retrying what got stuck."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab

from crossnote.core.tasks import background, periodic
from crossnote.media.actions import delete_photos, do_process_photo
from crossnote.media.models import Photo
from crossnote.notes.models import Note, NoteImage


@background()
def process_note_photos(note_id: int) -> None:
    """Make every photo of a note, then publish it (or mark it failed)."""
    from crossnote.notes.actions import do_publish_if_ready

    photo_ids = NoteImage.objects.filter(note_id=note_id).values_list("photo_id", flat=True)
    for photo_id in list(photo_ids):
        do_process_photo(photo_id)
    do_publish_if_ready(note_id)


@background()
def delete_note_photos(photo_ids: list[int]) -> None:
    delete_photos(photo_ids)


@periodic(crontab(minute="*/5"))
def retry_stuck_notes() -> None:
    """Notes whose photos have waited longer than Photo.RETRY_AFTER (a worker died or a
    photo failed once) are processed again; Photo.MAX_ATTEMPTS bounds the retries."""
    stale = timezone.now() - Photo.RETRY_AFTER
    stuck_photos = Photo.objects.filter(state=Photo.State.PROCESSING, updated_at__lt=stale)
    note_ids = (
        Note.objects.filter(
            state=Note.State.PROCESSING,
            images__photo__in=stuck_photos,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    for note_id in list(note_ids)[:100]:
        process_note_photos(note_id)
