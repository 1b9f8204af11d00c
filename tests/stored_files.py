"""What a Django storage holds, for tests that check which files a sweep keeps."""

from __future__ import annotations

from django.core.files.storage import Storage


def stored_names(store: Storage) -> set[str]:
    """Every file's name in `store`, folders walked."""
    found: set[str] = set()

    def walk(folder: str) -> None:
        folders, files = store.listdir(folder)
        for sub in folders:
            walk(f"{folder}/{sub}" if folder else sub)
        found.update(f"{folder}/{f}" if folder else f for f in files)

    walk("")
    return found
