"""Fixtures for video notes: tiny generated clips, and a tus client over Django's test client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.video.clips import make_clip

OFFSET_TYPE = "application/offset+octet-stream"


@pytest.fixture(autouse=True)
def _uploads_root(settings: Any, tmp_path: Path) -> None:
    settings.CROSSNOTE_UPLOADS_ROOT = tmp_path / "uploads"


class Tus:
    """Speaks the upload protocol as an app would: Bearer token, tus headers."""

    def __init__(self, api: Any) -> None:
        self.api = api

    def _headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api.token}", "Tus-Resumable": "1.0.0", **extra}

    def create(self, length: int) -> Any:
        return self.api.client.post(
            "/api/v1/uploads", headers=self._headers(**{"Upload-Length": str(length)})
        )

    def head(self, location: str) -> Any:
        return self.api.client.head(location, headers=self._headers())

    def patch(self, location: str, offset: int, data: bytes) -> Any:
        return self.api.client.generic(
            "PATCH",
            location,
            data,
            content_type=OFFSET_TYPE,
            headers=self._headers(**{"Upload-Offset": str(offset)}),
        )

    def upload(self, data: bytes, pieces: int = 2) -> str:
        """The finished upload's address."""
        created = self.create(len(data))
        assert created.status_code == 201, created.content
        location = created["Location"]
        step = max(1, -(-len(data) // pieces))
        for start in range(0, len(data), step):
            answer = self.patch(location, start, data[start : start + step])
            assert answer.status_code == 204, answer.content
        return location


@pytest.fixture
def tus_for():
    return Tus


@pytest.fixture
def clip(tmp_path: Path):
    """clip(**options) → bytes of a freshly made clip (see tests.video.clips.make_clip)."""
    counter = iter(range(1000))

    def make(suffix: str = "mp4", **options: Any) -> bytes:
        path = tmp_path / f"clip{next(counter)}.{suffix}"
        return make_clip(path, **options).read_bytes()

    return make


def files_under(*roots: Path) -> list[Path]:
    return sorted(p for root in roots if root.exists() for p in root.rglob("*") if p.is_file())
