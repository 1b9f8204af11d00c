"""Where archives come from. A source recognises its archive and reads it into a
`crossnote.imports.plan.Plan` (the posts to make into draft notes and the records to keep)
without writing anything.

Each source is a module with `PLATFORM`, `recognises(archive) -> bool` and
`read(archive) -> Plan`; `SOURCES` lists them in the order they are tried. A Crossnote
export source would be one more module here.
"""

from __future__ import annotations

from types import ModuleType

from crossnote.imports.archive import SafeArchive
from crossnote.imports.sources import instagram, tiktok

SOURCES: list[ModuleType] = [instagram, tiktok]


def recognise(archive: SafeArchive) -> ModuleType | None:
    """The source whose archive this is, or None."""
    for source in SOURCES:
        if source.recognises(archive):
            return source
    return None


def by_platform(platform: str) -> ModuleType:
    return next(s for s in SOURCES if platform == s.PLATFORM)
