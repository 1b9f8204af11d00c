"""Background work for messages: making a message's photo, and retrying stuck ones."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab

from crossnote.core.tasks import background, periodic
from crossnote.media.actions import do_process_photo
from crossnote.media.models import Photo
from crossnote.messaging import delivery
from crossnote.messaging.models import Message


@background()
def process_message_photo(message_id: int) -> None:
    """Make the variants of a message's photo, then tell the open clients it is ready.
    Safe to run again (a photo already made is left as it is)."""
    photo_id = Message.objects.filter(pk=message_id).values_list("photo_id", flat=True).first()
    if photo_id is None:
        return
    state = do_process_photo(photo_id)
    if state != Photo.State.PROCESSING:
        delivery.message_changed(message_id)


@periodic(crontab(minute="*/10"))
def retry_stuck_message_photos() -> None:
    """Photos of messages a dead worker left processing longer than Photo.RETRY_AFTER."""
    stale = timezone.now() - Photo.RETRY_AFTER
    for message_id in Message.objects.filter(
        photo__state=Photo.State.PROCESSING, photo__updated_at__lt=stale
    ).values_list("pk", flat=True)[:200]:
        process_message_photo(message_id)
