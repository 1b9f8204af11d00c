"""Where export archives live: CROSSNOTE_EXPORTS_ROOT, private, outside the media folder."""

from __future__ import annotations

import contextlib
from pathlib import Path

from django.conf import settings

from crossnote.exports.models import Export


def exports_root() -> Path:
    root = Path(settings.CROSSNOTE_EXPORTS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def export_path(export: Export) -> Path:
    """The finished archive of a READY export."""
    return exports_root() / export.file


def delete_exports(exports: list[Export]) -> None:
    """Delete export rows and their files."""
    Export.objects.filter(pk__in=[e.pk for e in exports]).delete()
    for export in exports:
        if export.file:
            with contextlib.suppress(OSError):
                export_path(export).unlink()
