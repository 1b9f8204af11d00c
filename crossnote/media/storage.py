"""Where photo files live: variants in the public media storage, originals in a private one.

Originals still carry their metadata (GPS!) until processed, so they are never stored where
the web server serves files from. Names are made by the server and include a random part,
so a photo's address cannot be guessed from another one's.

Both are the local file system by default, or an S3-compatible bucket (`media/` and
`originals/` in it) when CROSSNOTE_S3 is configured (crossnote.media.s3). Code that needs a
local file (PyAV) asks `local_path` and copies through a temporary file when there is none.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.utils import timezone


@cache
def originals_storage() -> Storage:
    if settings.CROSSNOTE_S3:
        from crossnote.media import s3

        return s3.originals(settings.CROSSNOTE_S3)
    return FileSystemStorage(location=settings.CROSSNOTE_ORIGINALS_ROOT)


def public_storage() -> Storage:
    return default_storage


def local_path(storage: Storage, name: str) -> Path | None:
    """Where `name` lives on this machine's disk, or None for a storage without local files."""
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None


def save_file(storage: Storage, name: str, path: Path) -> str:
    """Store the local file `path` as `name`, replacing an earlier attempt's, streamed (a
    video's rendition may be hundreds of megabytes)."""
    storage.delete(name)
    with path.open("rb") as handle:
        saved = storage.save(name, File(handle))
    if saved != name:
        storage.delete(saved)
        raise FileExistsError(name)
    return saved


def new_stem() -> str:
    now = timezone.now()
    return f"{now:%Y/%m}/{secrets.token_urlsafe(16)}"


def save_exact(storage: Storage, name: str, data: bytes) -> str:
    """Save under `name`; our names are random, so a clash means something is wrong."""
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        storage.delete(saved)
        raise FileExistsError(name)
    return saved


def variant_names(original: str) -> tuple[str, str]:
    """The grid and full variants' names: derived from the original's, so a second attempt
    at the same photo writes (and a sweep recognises) the same files."""
    stem = original.rsplit(".", 1)[0]
    return f"photos/{stem}_g.webp", f"photos/{stem}_f.webp"


def save_replacing(storage: Storage, name: str, data: bytes) -> str:
    """Save under `name`, replacing what an earlier attempt may have left there (a worker
    killed after writing a variant but before recording it), so re-running a step redoes it.

    On the file system the data is written beside the target and renamed over it: a reader
    sees the old file or the new one, never half of one.
    """
    try:
        path = Path(storage.path(name))
    except NotImplementedError:  # a storage without local paths: replace in two steps
        storage.delete(name)
        return save_exact(storage, name, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=".", suffix=".part", delete=False
    ) as part:
        part.write(data)
    mode = getattr(storage, "file_permissions_mode", None)
    if mode is not None:
        os.chmod(part.name, mode)
    os.replace(part.name, path)
    return name


def delete_quietly(storage: Storage, *names: str) -> None:
    for name in names:
        if name:
            with contextlib.suppress(OSError):  # already gone: deleting is idempotent
                storage.delete(name)
