"""Building exports in the background, and expiring them."""

from __future__ import annotations

from huey import crontab

from crossnote.core.tasks import background, periodic
from crossnote.exports import actions


@background()
def build_export(export_id: int) -> None:
    actions.do_build_export(export_id)


@periodic(crontab(minute="47"))
def sweep_exports() -> None:
    """Hourly: expired exports are deleted; builds a dead worker left are queued again."""
    actions.sweep_exports()
