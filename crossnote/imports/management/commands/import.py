"""`crossnote import FILE --user NAME`: import an Instagram or TikTok archive from the
terminal, with a progress bar. Run it again after it was stopped (even by kill -9) and it
goes on where it stopped; run it on an archive already imported and it creates nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crossnote.accounts.models import User
from crossnote.core.errors import CrossnoteError
from crossnote.imports import actions
from crossnote.imports.models import ImportJob
from crossnote.imports.report import skipped_for_display
from crossnote.imports.runner import do_run_import

BAR = 30


class Command(BaseCommand):
    help = "Import an Instagram or TikTok export for a person (their imported notes are drafts)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="the Crossnote username")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no person named {options['user']!r}")
        job = actions.resumable_job(user, path)
        if job is not None:
            self.stdout.write(f"Going on with import {job.pk} ({job.done}/{job.total}).")
        else:
            try:
                job = actions.check_start_import(
                    user, path, path.name, keep_upload=True, run_in_background=False
                )
            except CrossnoteError as error:
                raise CommandError(f"{error.code}: {error.message}") from None
            self.stdout.write(f"Importing {path.name} ({job.platform}) as import {job.pk}.")
        state = do_run_import(job.pk, progress=self._bar)
        self.stdout.write("")
        job.refresh_from_db()
        self._summary(job)
        if state != ImportJob.State.DONE:
            raise CommandError(f"{job.error_code}: {job.error_message}")

    def _bar(self, job: ImportJob) -> None:
        filled = BAR * job.done // max(job.total, 1)
        line = f"\r[{'#' * filled}{'.' * (BAR - filled)}] {job.done}/{job.total}"
        self.stdout.write(line, ending="")
        sys.stdout.flush()

    def _summary(self, job: ImportJob) -> None:
        report = job.report or {}
        for kind, count in sorted(report.get("imported", {}).items()):
            self.stdout.write(f"imported {kind}: {count}")
        self.stdout.write(f"already imported before: {report.get('already', 0)}")
        for entry in skipped_for_display(report):
            self.stdout.write(f"skipped {entry['what']!r}: {entry['message']}")
