"""Building an export's archive (called by `exports.tasks.build_export`)."""

from __future__ import annotations

import logging
import os
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from crossnote.exports import archive, files
from crossnote.exports.models import Export

log = logging.getLogger(__name__)


def do_build_export(export_id: int, now: datetime | None = None) -> str:
    """Build a PENDING export's archive (again, if a dead worker left it half-way): write it
    aside, rename it into place, then mark the row READY. Returns the export's state, or
    "gone" when the row is not there (deleted meanwhile, with its owner)."""
    export = Export.objects.filter(pk=export_id).select_related("owner").first()
    if export is None or export.state != Export.State.PENDING:
        return export.state if export else "gone"
    Export.objects.filter(pk=export_id).update(attempts=export.attempts + 1)
    name = f"{secrets.token_urlsafe(18)}.zip"
    target = files.exports_root() / name
    part = files.exports_root() / f".{name}.part"
    try:
        with part.open("wb") as stream:
            archive.write_archive(export.owner, stream)
        os.replace(part, target)
    except Exception as exc:
        part.unlink(missing_ok=True)
        log.exception("Export %s failed", export_id)
        failed = export.attempts + 1 >= Export.MAX_ATTEMPTS
        if failed:
            Export.objects.filter(pk=export_id).update(
                state=Export.State.FAILED, error=type(exc).__name__[:200]
            )
        return Export.State.FAILED if failed else Export.State.PENDING
    now = now or timezone.now()
    marked = Export.objects.filter(pk=export_id, state=Export.State.PENDING).update(
        state=Export.State.READY,
        file=name,
        size=target.stat().st_size,
        finished_at=now,
        expires_at=now + timedelta(days=settings.CROSSNOTE_EXPORT_DAYS),
    )
    if not marked:  # deleted (or finished by another attempt) meanwhile
        target.unlink(missing_ok=True)
        return "gone"
    return Export.State.READY
