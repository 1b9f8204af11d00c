"""A deleted account's video notes leave no rendition, poster or upload on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from crossnote.media.models import Video, VideoUpload
from tests.conftest import PASSWORD
from tests.video.clips import make_clip
from tests.video.conftest import Tus, files_under


@pytest.fixture(autouse=True)
def _uploads_root(settings, tmp_path):
    settings.CROSSNOTE_UPLOADS_ROOT = tmp_path / "uploads"


def test_video_files_and_unfinished_uploads_are_deleted(make_user, tmp_path, run_sweep):
    wen_user, wen = make_user("wen")
    data = make_clip(tmp_path / "clip.mp4", width=96, height=64, seconds=1).read_bytes()
    posted = wen.call(
        "POST", "/notes", data={"title": "Clip", "video_upload": Tus(wen).upload(data)}
    )
    assert posted.status_code == 201, posted.content
    Tus(wen).create(1000)  # an upload never finished
    assert VideoUpload.objects.filter(owner=wen_user).count() == 1
    video = Video.objects.get(owner=wen_user)
    files = [Path(settings.MEDIA_ROOT) / name for name in (video.sd, video.poster) if name]
    assert len(files) == 2 and all(p.exists() for p in files)
    assert wen.post("/me/deletion", {"password": PASSWORD}).status_code == 202
    run_sweep(wen_user)
    assert not Video.objects.filter(owner=wen_user).exists()
    assert not VideoUpload.objects.exists()
    assert not any(p.exists() for p in files)
    assert files_under(Path(settings.MEDIA_ROOT) / "videos", settings.CROSSNOTE_UPLOADS_ROOT) == []
