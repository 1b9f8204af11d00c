"""A separate Crossnote process for the kill -9 test, on its own SQLite file in
CROSSNOTE_DATA_DIR (never the test's database):

    python -m tests.imports.child setup                  migrate, make the person "mia"
    python -m tests.imports.child import FILE [STOP]     `crossnote import FILE --user mia`
    python -m tests.imports.child count                  what is stored, as JSON

STOP is "draft:CAPTION" (stop inside the transaction making that post, after its photo
files are written) or "media:CAPTION" (stop after that post's commit, before its photos
are made). On reaching it the process writes the file $CHILD_STOPPED and waits to be
killed: the test synchronises on that file, never on time.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from datetime import timedelta
from pathlib import Path


def _stop_at(where: str) -> None:
    from crossnote.imports import runner
    from crossnote.notes.models import Note

    kind, _, caption = where.partition(":")

    def stop() -> None:
        Path(os.environ["CHILD_STOPPED"]).write_text(where)
        threading.Event().wait()  # until SIGKILL

    if kind == "draft":
        real = runner.do_create_draft

        def create(*args, **kwargs):
            note = real(*args, **kwargs)
            if note.body == caption:
                stop()
            return note

        runner.do_create_draft = create
    else:
        real_media = runner.make_note_media

        def make(note_id: int) -> None:
            if Note.objects.filter(pk=note_id, body=caption).exists():
                stop()
            real_media(note_id)

        runner.make_note_media = make


def _count() -> dict:
    from django.conf import settings
    from django.utils import timezone

    from crossnote.imports.models import ImportedItem, ImportJob
    from crossnote.media.actions import sweep_orphan_files
    from crossnote.media.models import Photo
    from crossnote.notes.models import Note

    swept = sweep_orphan_files(now=timezone.now() + timedelta(hours=2))
    files = sorted(
        str(p.relative_to(root))
        for root in (Path(settings.MEDIA_ROOT), Path(settings.CROSSNOTE_ORIGINALS_ROOT))
        if root.exists()
        for p in root.rglob("*")
        if p.is_file()
    )
    named = sorted(
        name
        for row in Photo.objects.values_list("grid", "full", "original")
        for name in row
        if name
    )
    return {
        "bodies": sorted(Note.objects.values_list("body", flat=True)),
        "states": sorted(set(Note.objects.values_list("state", flat=True))),
        "photos": sorted(set(Photo.objects.values_list("state", flat=True))),
        "items": ImportedItem.objects.count(),
        "jobs": list(ImportJob.objects.order_by("pk").values_list("state", "attempts")),
        "reports": list(ImportJob.objects.order_by("pk").values_list("report", flat=True)),
        "files_match_rows": files == named,
        "swept": swept,
    }


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    command = sys.argv[1]
    if command == "setup":
        call_command("migrate", verbosity=0)
        from crossnote.accounts.models import User

        User.objects.create_user(username="mia", password="correct horse battery staple")
    elif command == "import":
        if len(sys.argv) > 3:
            _stop_at(sys.argv[3])
        call_command("import", sys.argv[2], user="mia")
    elif command == "count":
        print(json.dumps(_count()))


if __name__ == "__main__":
    main()
