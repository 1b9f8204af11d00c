"""Background work for notes: making their photos, and retrying what got stuck."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from huey import crontab

from crossnote.core.tasks import background, periodic
from crossnote.media.actions import delete_photos, do_process_photo
from crossnote.media.models import Photo, Video
from crossnote.media.video_actions import delete_videos, do_process_video
from crossnote.notes.models import Note, NoteImage


def make_note_media(note_id: int) -> None:
    """Make every photo (or the video) of a note. Safe to run again: what is made is skipped."""
    photo_ids = NoteImage.objects.filter(note_id=note_id).values_list("photo_id", flat=True)
    for photo_id in list(photo_ids):
        do_process_photo(photo_id)
    video_id = Note.objects.filter(pk=note_id).values_list("video_id", flat=True).first()
    if video_id:
        do_process_video(video_id)


@background()
def process_note_photos(note_id: int) -> None:
    """Make every photo (or the video) of a note, then publish it (or mark it failed)."""
    from crossnote.notes.actions import do_publish_if_ready

    make_note_media(note_id)
    do_publish_if_ready(note_id)


@background()
def delete_note_video(video_id: int) -> None:
    delete_videos([video_id])


@background()
def delete_note_photos(photo_ids: list[int]) -> None:
    delete_photos(photo_ids)


# Notes sent back to the queue per sweep, at most (the next sweep takes the rest).
REQUEUE_LIMIT = 100


def requeue_stuck_notes(now: datetime | None = None) -> list[int]:
    """Queue `process_note_photos` again for the notes a dead worker left PROCESSING: those
    with a photo waiting longer than Photo.RETRY_AFTER, and those with no photo left to make
    (all ready or failed, or none at all) that were never published. Every step is safe to
    run again; Photo.MAX_ATTEMPTS bounds the retries. Returns the notes' ids."""
    stale = (now or timezone.now()) - Photo.RETRY_AFTER
    waiting = Note.objects.filter(state=Note.State.PROCESSING)
    waited_too_long = waiting.filter(
        images__photo__state=Photo.State.PROCESSING, images__photo__updated_at__lt=stale
    )
    video_waited_too_long = waiting.filter(
        video__state=Video.State.PROCESSING,
        video__updated_at__lt=(now or timezone.now()) - Video.RETRY_AFTER,
    )
    never_published = waiting.exclude(images__photo__state=Photo.State.PROCESSING).exclude(
        video__state=Video.State.PROCESSING
    )
    note_ids = sorted(
        {
            *waited_too_long.values_list("pk", flat=True).distinct()[:REQUEUE_LIMIT],
            *video_waited_too_long.values_list("pk", flat=True)[:REQUEUE_LIMIT],
            *never_published.values_list("pk", flat=True)[:REQUEUE_LIMIT],
        }
    )[:REQUEUE_LIMIT]
    for note_id in note_ids:
        process_note_photos(note_id)
    return note_ids


@periodic(crontab(minute="*/5"))
def retry_stuck_notes() -> None:
    requeue_stuck_notes()
