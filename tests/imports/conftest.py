from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _import_folders(settings: Any, tmp_path: Any) -> None:
    """Each test gets its own archive and upload folders (nothing outside them is written)."""
    settings.CROSSNOTE_IMPORTS_ROOT = tmp_path / "imports"
    settings.CROSSNOTE_UPLOADS_ROOT = tmp_path / "uploads"


@pytest.fixture
def upload_archive(tmp_path: Any):
    """upload_archive(client, data, name) posts an archive to /api/v1/imports."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(client: Any, data: bytes, name: str = "export.zip") -> Any:
        return client.call("POST", "/imports", data={"archive": SimpleUploadedFile(name, data)})

    return upload
