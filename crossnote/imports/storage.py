"""Where uploaded archives are kept while they are imported: one private folder each under
CROSSNOTE_IMPORTS_ROOT, deleted when the import ends."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from django.conf import settings

from crossnote.imports.models import ImportJob


def imports_root() -> Path:
    root = Path(settings.CROSSNOTE_IMPORTS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def archive_path(job: ImportJob) -> Path:
    return imports_root() / job.archive


def delete_archive(job: ImportJob) -> None:
    with contextlib.suppress(ValueError):
        folder = archive_path(job).parent
        if folder != imports_root() and folder.parent == imports_root():
            shutil.rmtree(folder, ignore_errors=True)
