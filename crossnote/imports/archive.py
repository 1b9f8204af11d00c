"""Reading an uploaded ZIP archive safely: the one place that touches archive members.

Nothing here writes outside the folder a caller names, and nothing trusts the archive:
- member names are normalised (`\\` is a separator too) and refused when absolute, when
  they climb (`..`), carry a NUL or a drive letter; symlinks and nested archives are refused;
- sizes and the compression ratio are counted on the bytes actually decompressed, while
  streaming, never taken from the headers (a lying header is caught by zipfile's CRC check);
- JSON is read with a byte cap and a nesting-depth check before it is parsed.

`SafeArchive` is source-agnostic: the Instagram and TikTok readers use it, and so could an
importer of Crossnote's own export.
"""

from __future__ import annotations

import json
import posixpath
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CHUNK = 1024 * 1024
# The ratio is judged only once a member has produced this much: tiny files compress well.
RATIO_GRACE_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 64
NESTED_ARCHIVE_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".rar", ".7z", ".bz2", ".xz", ".zst")
_DRIVE = re.compile(r"^[A-Za-z]:")


class ArchiveRefused(Exception):
    """The archive (or one member of it) is hostile or unreadable; `code` is stable."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = str(message)
        super().__init__(f"{code}: {self.message}")


@dataclass(frozen=True)
class Limits:
    """Caps for one archive; every one a setting so tests can use small ones."""

    members: int
    total_bytes: int  # all members together, decompressed
    member_bytes: int  # any one member
    json_bytes: int  # any one JSON member
    ratio: int  # decompressed / compressed, per member

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            members=settings.CROSSNOTE_IMPORT_MAX_MEMBERS,
            total_bytes=settings.CROSSNOTE_IMPORT_MAX_TOTAL_BYTES,
            member_bytes=settings.CROSSNOTE_IMPORT_MAX_MEMBER_BYTES,
            json_bytes=settings.CROSSNOTE_IMPORT_MAX_JSON_BYTES,
            ratio=settings.CROSSNOTE_IMPORT_MAX_RATIO,
        )


def normalise(name: str) -> str | None:
    """A member name or a path an archive's JSON names, as a clean relative POSIX path, or
    None if it is unsafe (absolute, climbing, a drive, a NUL) or empty."""
    if not name or "\x00" in name:
        return None
    name = name.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return posixpath.join(*parts)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _too_large() -> ArchiveRefused:
    return ArchiveRefused(
        "archive_too_large", _("The archive unpacks to more than we can take in one import.")
    )


def _bomb() -> ArchiveRefused:
    return ArchiveRefused(
        "archive_bomb", _("The archive is compressed suspiciously well; we do not unpack it.")
    )


class SafeArchive:
    """An open ZIP file whose member names have been checked. Use as a context manager."""

    def __init__(self, path: Path, limits: Limits | None = None) -> None:
        self.limits = limits or Limits.from_settings()
        self.read_total = 0
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ArchiveRefused(
                "not_an_archive", _("That file is not a ZIP archive we can read.")
            ) from None
        try:
            self.members = self._check_members()
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def _check_members(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > self.limits.members:
            raise ArchiveRefused(
                "archive_too_many_files", _("The archive holds too many files for one import.")
            )
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            clean = normalise(info.filename)
            if clean is None:
                raise ArchiveRefused(
                    "archive_unsafe_path",
                    _("The archive names a file outside itself; we do not unpack it."),
                )
            if _is_symlink(info):
                raise ArchiveRefused(
                    "archive_symlink", _("The archive holds a symbolic link; we do not unpack it.")
                )
            if info.is_dir():
                continue
            if clean.lower().endswith(NESTED_ARCHIVE_SUFFIXES):
                raise ArchiveRefused(
                    "archive_nested",
                    _("The archive holds another archive. Upload the export itself."),
                )
            if info.flag_bits & 0x1:
                raise ArchiveRefused("archive_encrypted", _("The archive is password-protected."))
            if clean in members:
                raise ArchiveRefused(
                    "archive_duplicate_name", _("The archive names the same file twice.")
                )
            members[clean] = info
        return members

    def names(self) -> list[str]:
        return sorted(self.members)

    def has(self, name: str) -> bool:
        return name in self.members

    def size_of(self, name: str) -> int:
        """The size the header declares: for ordering and messages only, never for limits."""
        return self.members[name].file_size

    def stream(self, name: str, cap: int | None = None) -> Iterator[bytes]:
        """The member's bytes in pieces, decompressed while counted: ArchiveRefused as soon as
        it passes `cap` (or the member limit), the archive's total, or the ratio limit."""
        info = self.members[name]
        cap = min(cap or self.limits.member_bytes, self.limits.member_bytes)
        compressed = max(info.compress_size, 1)
        produced = 0
        try:
            with self._zip.open(info) as handle:
                while piece := handle.read(CHUNK):
                    produced += len(piece)
                    self.read_total += len(piece)
                    if produced > cap or self.read_total > self.limits.total_bytes:
                        raise _too_large()
                    if produced > RATIO_GRACE_BYTES and produced / compressed > self.limits.ratio:
                        raise _bomb()
                    yield piece
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
            raise ArchiveRefused(
                "archive_corrupt", _("The archive is damaged: a file in it cannot be read.")
            ) from None

    def read(self, name: str, cap: int | None = None) -> bytes:
        return b"".join(self.stream(name, cap))

    def copy_to(self, name: str, sink: IO[bytes], cap: int | None = None) -> int:
        """Stream a member into an open file of the caller's; returns the bytes written."""
        written = 0
        for piece in self.stream(name, cap):
            sink.write(piece)
            written += len(piece)
        return written

    def verify(self) -> None:
        """Decompress every member once (nothing kept), so a bomb or a damaged member is
        found before anything is imported. Resets the running total afterwards."""
        for name in self.members:
            for _piece in self.stream(name):
                pass
        self.read_total = 0

    def read_json(self, name: str) -> Any:
        """A JSON member, parsed: ArchiveRefused if larger than the JSON cap (counted while
        streaming), nested deeper than MAX_JSON_DEPTH, or not JSON."""
        raw = self.read(name, self.limits.json_bytes)
        return parse_json(raw, name)


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether parsed JSON nests deeper than `limit`: walked with a list, not recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def parse_json(raw: bytes, name: str = "") -> Any:
    """Parse JSON bytes. A document nested 100,000 levels stops the C parser with a
    RecursionError (it counts its depth); anything deeper than MAX_JSON_DEPTH is refused
    too, so nothing that walks the result later can recurse far."""
    too_deep = ArchiveRefused(
        "json_too_deep",
        _("%(name)s is nested too deeply to be an export.") % {"name": name or "JSON"},
    )
    try:
        # Invalid UTF-8 becomes U+FFFD rather than refusing a whole export for one byte.
        value = json.loads(raw.decode("utf-8", errors="replace"))
    except RecursionError:
        raise too_deep from None
    except ValueError:
        raise ArchiveRefused(
            "json_invalid", _("%(name)s is not valid JSON.") % {"name": name or "JSON"}
        ) from None
    if _deeper_than(value, MAX_JSON_DEPTH):
        raise too_deep
    return value
