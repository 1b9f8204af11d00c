"""kill -9 in the middle of an import, then the same command again: it goes on where it
stopped, and the result is exactly what one uninterrupted run makes. A real child process
(`crossnote import`, on its own SQLite file) is killed with SIGKILL when it reaches a
point it announces by writing a file: inside a post's transaction (photo files written,
rows not committed), then after a commit (photos not made yet)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests import images
from tests.imports import archives
from tests.imports.archives import IgPost

DEADLINE = 120.0  # bounds a wait on the child; the test does not depend on it
MAY_3 = int(datetime(2024, 5, 3, tzinfo=UTC).timestamp())
CAPTIONS = [f"post {i}" for i in range(1, 7)]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CROSSNOTE_DATA_DIR": str(tmp_path / "data"),
        "CROSSNOTE_IMPORTS_ROOT": str(tmp_path / "data" / "imports"),
        "CHILD_STOPPED": str(tmp_path / "stopped"),
    }


def _child(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.imports.child", *args],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _kill_when_stopped(tmp_path: Path, archive: Path, where: str) -> None:
    marker = tmp_path / "stopped"
    marker.unlink(missing_ok=True)
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "tests.imports.child", "import", str(archive), where],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # Wait for the child's own signal (the marker file), or its end (a failure).
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"the import ended before {where}: {child.stderr.read()[-2000:]!r}")
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=0.05)
        assert marker.read_text() == where
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=DEADLINE) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stderr.close()


def _count(tmp_path: Path) -> dict:
    return json.loads(_child(tmp_path, "count").stdout.strip().splitlines()[-1])


@pytest.mark.faults
def test_kill_9_twice_then_resume_then_again(tmp_path):
    posts = [IgPost(c, MAY_3 + i * 3600, photos=[images.jpeg()]) for i, c in enumerate(CAPTIONS)]
    posts[1].photos = [images.jpeg(), images.heic()]
    archive = tmp_path / "instagram.zip"
    archive.write_bytes(archives.instagram("content/posts_1.json", posts, following=["anna", "bo"]))
    _child(tmp_path, "setup")

    _kill_when_stopped(tmp_path, archive, "draft:post 3")  # mid-transaction
    killed = _count(tmp_path)
    assert killed["bodies"] == ["post 1", "post 2"]  # the third rolled back whole
    assert killed["jobs"] == [["running", 1]]
    assert killed["swept"] == 1  # post 3's original, written by the killed transaction
    assert killed["files_match_rows"]

    _kill_when_stopped(tmp_path, archive, "media:post 5")  # after a commit, photos unmade
    assert _count(tmp_path)["bodies"] == ["post 1", "post 2", "post 3", "post 4", "post 5"]

    resumed = _child(tmp_path, "import", str(archive))
    assert "Going on with import" in resumed.stdout
    assert "6/6" in resumed.stdout or "8/8" in resumed.stdout  # the progress bar's end
    after = _count(tmp_path)
    assert after["bodies"] == CAPTIONS  # each post once
    assert after["states"] == ["draft"]
    assert after["photos"] == ["ready"]  # post 5's photos too
    assert after["items"] == len(CAPTIONS) + 2
    assert after["jobs"] == [["done", 3]]
    assert after["reports"][0]["imported"] == {"post": 6, "following": 2}
    assert after["files_match_rows"], "files on disk are exactly those the rows name"

    again = _child(tmp_path, "import", str(archive))
    assert "already imported before: 8" in again.stdout
    final = _count(tmp_path)
    assert final["bodies"] == CAPTIONS
    assert final["items"] == after["items"]
    assert final["jobs"][-1] == ["done", 1]
