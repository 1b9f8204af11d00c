"""Background upkeep for photo and video files."""

from __future__ import annotations

from huey import crontab

from crossnote.core.tasks import periodic
from crossnote.media.actions import sweep_orphan_files
from crossnote.media.uploads import sweep_expired_uploads


@periodic(crontab(minute="41"))
def sweep_orphan_photo_files() -> None:
    """Hourly: files a killed worker or upload left without a row (see Photo.ORPHAN_GRACE)."""
    sweep_orphan_files()


@periodic(crontab(minute="23"))
def sweep_expired_video_uploads() -> None:
    """Hourly: resumable uploads nobody finished or used within a day."""
    sweep_expired_uploads()
