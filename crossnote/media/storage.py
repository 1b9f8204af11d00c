"""Where photo files live: variants in the public media storage, originals in a private one.

Originals still carry their metadata (GPS!) until processed, so they are never stored where
the web server serves files from. Names are made by the server and include a random part,
so a photo's address cannot be guessed from another one's.
"""

from __future__ import annotations

import contextlib
import secrets
from functools import cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.utils import timezone


@cache
def originals_storage() -> Storage:
    return FileSystemStorage(location=settings.CROSSNOTE_ORIGINALS_ROOT)


def public_storage() -> Storage:
    return default_storage


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


def delete_quietly(storage: Storage, *names: str) -> None:
    for name in names:
        if name:
            with contextlib.suppress(OSError):  # already gone: deleting is idempotent
                storage.delete(name)
