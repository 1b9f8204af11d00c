"""Building exports in the background, and expiring them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from huey import crontab

from crossnote.core.tasks import background, enqueue_on_commit, periodic
from crossnote.exports import files
from crossnote.exports.building import do_build_export
from crossnote.exports.models import Export


@background()
def build_export(export_id: int) -> None:
    do_build_export(export_id)


@periodic(crontab(minute="47"))
def sweep_exports_hourly() -> None:
    """Hourly: expired exports are deleted; builds a dead worker left are queued again."""
    sweep_exports()


def sweep_exports(now: datetime | None = None) -> int:
    """Delete expired exports (row and file) and failed ones older than a day; queue again
    the PENDING ones a dead worker left. Returns how many were deleted."""
    now = now or timezone.now()
    expired = list(
        Export.objects.filter(expires_at__lte=now)
        | Export.objects.filter(state=Export.State.FAILED, updated_at__lte=now - timedelta(days=1))
    )
    files.delete_exports(expired)
    stale = Export.objects.filter(
        state=Export.State.PENDING, updated_at__lte=now - Export.RETRY_AFTER
    ).values_list("pk", flat=True)
    for export_id in list(stale[:20]):
        Export.objects.filter(pk=export_id).update(updated_at=now)
        enqueue_on_commit(build_export, export_id)
    return len(expired)
