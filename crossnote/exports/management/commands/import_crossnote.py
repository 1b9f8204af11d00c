"""`crossnote import_crossnote FILE --user NAME`: bring a Crossnote export home."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from crossnote.accounts.models import User
from crossnote.accounts.usernames import username_key
from crossnote.core.errors import CrossnoteError
from crossnote.exports.roundtrip import import_export


class Command(BaseCommand):
    help = (
        "Import a Crossnote export (the ZIP from Settings → Your data) as an existing person: "
        "their notes with photos and videos, and their boards. Running it again imports "
        "nothing twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the export's ZIP file")
        parser.add_argument("--user", required=True, help="the username to import as")

    def handle(self, *args, file: str, user: str, **options) -> None:
        person = User.objects.filter(
            username_key=username_key(user), is_active=True, deleted_at__isnull=True
        ).first()
        if person is None:
            raise CommandError(f"No active person is called {user!r}.")
        try:
            report = import_export(person, file)
        except CrossnoteError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{report.created} notes imported, {report.skipped} already there, "
            f"{len(report.failed)} skipped as invalid; {report.boards} boards, "
            f"{report.collects} collects."
        )
        for line in report.failed:
            self.stderr.write(f"  {line}")
