"""Writes for exports: ask for one, build it in the background, expire it.

An export is built by `exports.tasks.build_export` (receiving the export's id) into a file
under a temporary name, renamed when complete; only then is the row marked READY with the
file's name, so a download can never see half an archive. Files live in
CROSSNOTE_EXPORTS_ROOT, outside the served media folder, and are sent only to their owner.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import Conflict, NotFound
from crossnote.core.tasks import enqueue_on_commit
from crossnote.exports import files, tasks
from crossnote.exports.models import Export

# Exports a person may ask for per day: each reads every file they own.
MAX_PER_DAY = 5


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
    export = Export.objects.create(owner=user)
    enqueue_on_commit(tasks.build_export, export.pk)
    return export


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


def delete_exports_of(user_id: int) -> None:
    """Every export of a person (their account is being deleted), files included."""
    files.delete_exports(list(Export.objects.filter(owner_id=user_id)))
