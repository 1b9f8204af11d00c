"""Background work for imports: running one, and picking up those a dead worker left."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from huey import crontab

from crossnote.core.tasks import background, periodic
from crossnote.imports.models import ImportJob


@background()
def run_import(job_id: int) -> None:
    from crossnote.imports.runner import do_run_import

    do_run_import(job_id)


def requeue_stalled_imports(now: datetime | None = None) -> list[int]:
    """Queue again the imports whose worker died (kill -9, a restart): RUNNING with a
    heartbeat older than ImportJob.STALE_AFTER, or WAITING that long (its task was lost).
    The runner goes on where the dead one stopped."""
    stale = (now or timezone.now()) - ImportJob.STALE_AFTER
    job_ids = list(
        ImportJob.objects.filter(
            Q(state=ImportJob.State.RUNNING, heartbeat_at__lt=stale)
            | Q(state=ImportJob.State.WAITING, created_at__lt=stale)
        ).values_list("pk", flat=True)[:20]
    )
    for job_id in job_ids:
        run_import(job_id)
    return job_ids


@periodic(crontab(minute="*/5"))
def retry_stalled_imports() -> None:
    requeue_stalled_imports()
