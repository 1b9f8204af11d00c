"""What an import's report says about what it skipped, in the reader's language: the report
stores stable reason codes, and the words are chosen when it is shown."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REASONS = {
    "unsafe_path": _("It names a file outside the archive; nothing was read from there."),
    "missing_file": _("It names a file that is not in the archive."),
    "too_many_photos": _("It has more than 18 photos: only the first 18 were kept."),
    "photo_too_large": _("A photo in it is larger than we take."),
    "unreadable_photo": _("A photo in it is not one we can read (JPEG, PNG, WebP, HEIC or GIF)."),
    "video_rejected": _("Its video could not be used (too long, too large or damaged)."),
    "videos_not_imported": _("Videos from Instagram are not imported yet; your photos are."),
    "invalid_text": _("Its text could not be used."),
    "profile_not_changed": _("Your profile was left as it is."),
}


def reason_text(code: str) -> str:
    return str(REASONS.get(code, _("It could not be imported.")))


def skipped_for_display(report: dict) -> list[dict]:
    return [
        {
            "what": entry.get("what", ""),
            "reason": entry.get("reason", ""),
            "message": reason_text(entry.get("reason", "")),
        }
        for entry in report.get("skipped", [])
    ]


def imported_for_display(report: dict) -> list[tuple[str, int]]:
    """(what, how many) made by an import, in the reader's language."""
    from crossnote.imports.models import ImportedItem

    labels = dict(ImportedItem.Kind.choices)
    return [(str(labels.get(kind, kind)), n) for kind, n in report.get("imported", {}).items()]
