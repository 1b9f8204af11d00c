"""Writes for exports: ask for one, build it in the background, expire it.

An export is built by `exports.tasks.build_export` (receiving the export's id) into a file
under a temporary name, renamed when complete; only then is the row marked READY with the
file's name, so a download can never see half an archive. Files live in
CROSSNOTE_EXPORTS_ROOT, outside the served media folder, and are sent only to their owner.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import Conflict, NotFound
from crossnote.core.tasks import enqueue_on_commit
from crossnote.exports.models import Export

log = logging.getLogger(__name__)

# Exports a person may ask for per day: each reads every file they own.
MAX_PER_DAY = 5


def exports_root() -> Path:
    root = Path(settings.CROSSNOTE_EXPORTS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def export_path(export: Export) -> Path:
    """The finished archive of a READY export."""
    return exports_root() / export.file


def check_request_export(user: User) -> tuple[Export, bool]:
    """Ask for an export of everything `user` owns: (the export, whether it is new). An
    export already being built is returned rather than a second one started. Conflict
    (too_many_exports) past MAX_PER_DAY a day."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
        pending = Export.objects.filter(owner=user, state=Export.State.PENDING).first()
        if pending is not None:
            return pending, False
        since = timezone.now() - timedelta(days=1)
        if Export.objects.filter(owner=user, created_at__gte=since).count() >= MAX_PER_DAY:
            raise Conflict(
                _("You have asked for %(count)d exports today. Try again tomorrow.")
                % {"count": MAX_PER_DAY},
                code="too_many_exports",
            )
        return do_request_export(user), True


def do_request_export(user: User) -> Export:
    from crossnote.exports import tasks

    export = Export.objects.create(owner=user)
    enqueue_on_commit(tasks.build_export, export.pk)
    return export


def do_build_export(export_id: int, now: datetime | None = None) -> str:
    """Build a PENDING export's archive (again, if a dead worker left it half-way): write it
    aside, rename it into place, then mark the row READY. Returns the export's state, or
    "gone" when the row is not there (deleted meanwhile, with its owner)."""
    from crossnote.exports.archive import write_archive

    export = Export.objects.filter(pk=export_id).select_related("owner").first()
    if export is None or export.state != Export.State.PENDING:
        return export.state if export else "gone"
    Export.objects.filter(pk=export_id).update(attempts=export.attempts + 1)
    name = f"{secrets.token_urlsafe(18)}.zip"
    target = exports_root() / name
    part = exports_root() / f".{name}.part"
    try:
        with part.open("wb") as stream:
            write_archive(export.owner, stream)
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


def access_export(user: object, export_id: int) -> Export:
    """The export `export_id` if it is `user`'s own; NotFound otherwise (someone else's
    export is not there for them) and once it has expired."""
    export = Export.objects.filter(pk=export_id, owner_id=getattr(user, "pk", None)).first()
    if export is None or (export.expires_at and export.expires_at <= timezone.now()):
        raise NotFound(_("There is no such export. Exports are deleted after a few days."))
    return export


def access_ready_export(user: object, export_id: int) -> Export:
    export = access_export(user, export_id)
    if export.state != Export.State.READY:
        raise Conflict(_("That export is not ready yet."), code="export_not_ready")
    return export


def _delete(exports: list[Export]) -> None:
    Export.objects.filter(pk__in=[e.pk for e in exports]).delete()
    for export in exports:
        if export.file:
            with contextlib.suppress(OSError):
                export_path(export).unlink()


def delete_exports_of(user_id: int) -> None:
    """Every export of a person (their account is being deleted), files included."""
    _delete(list(Export.objects.filter(owner_id=user_id)))


def sweep_exports(now: datetime | None = None) -> int:
    """Delete expired exports (row and file) and failed ones older than a day; queue again
    the PENDING ones a dead worker left. Returns how many were deleted."""
    now = now or timezone.now()
    expired = list(
        Export.objects.filter(expires_at__lte=now)
        | Export.objects.filter(state=Export.State.FAILED, updated_at__lte=now - timedelta(days=1))
    )
    _delete(expired)
    stale = Export.objects.filter(
        state=Export.State.PENDING, updated_at__lte=now - Export.RETRY_AFTER
    ).values_list("pk", flat=True)
    from crossnote.exports import tasks

    for export_id in list(stale[:20]):
        Export.objects.filter(pk=export_id).update(updated_at=now)
        enqueue_on_commit(tasks.build_export, export_id)
    return len(expired)
