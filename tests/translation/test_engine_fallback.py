"""A neural engine that is down never fails a reader: each request falls back to the offline
gloss, whatever the way it is down (refused connection, timeout, 5xx, a broken answer), and
the next request asks the engine again (until its breaker opens). Also: `make
translate-server` stops with a clear message, at once, where the models cannot be downloaded.
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

from crossnote.translation.engines.registry import configured_engines
from crossnote.translation.models import Translation
from tests.translation import standins
from tests.translation.standins import StandIn

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def libre(settings):
    standin = StandIn(standins.libretranslate())
    settings.CROSSNOTE_TRANSLATION_ENGINES = "libretranslate,offline"
    settings.CROSSNOTE_LIBRETRANSLATE_URL = standin.url
    settings.CROSSNOTE_TRANSLATION_DEADLINE = 30.0  # only "slow" is meant to run out of time
    configured_engines.cache_clear()
    yield standin
    standin.close()
    configured_engines.cache_clear()


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    "down", ["refused", "slow", "status:500", "status:502", "status:503", "invalid_json"]
)
def test_each_request_falls_back_to_the_gloss_when_the_engine_is_down(
    libre, settings, make_user, post_note, down
):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    note = post_note(mei, "今天的咖啡很好喝", title="咖啡")
    if down == "refused":
        settings.CROSSNOTE_LIBRETRANSLATE_URL = f"http://127.0.0.1:{_closed_port()}"
        configured_engines.cache_clear()
    else:
        libre.mode = down
    if down == "slow":
        settings.CROSSNOTE_TRANSLATION_DEADLINE = 0.5
    answer = mei.get(f"/notes/{note['id']}/translation", target="en")
    assert answer.status_code == 200
    body = answer.json()
    assert body["available"] is True and body["engine"] == "offline" and body["is_gloss"]
    assert "coffee" in body["parts"][1]
    # Per request: the engine was asked, and the gloss stored, not the engine's failure.
    assert len(libre.seen) == (0 if down == "refused" else 1)
    assert list(Translation.objects.values_list("engine", flat=True)) == ["offline"]


def test_the_engine_serves_again_once_it_is_back(libre, make_user, post_note):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    first = post_note(mei, "今天的咖啡很好喝")
    second = post_note(mei, "茶也很好喝")
    libre.mode = "status:503"
    assert mei.get(f"/notes/{first['id']}/translation", target="en").json()["engine"] == "offline"
    libre.mode = "normal"  # one failure is far from opening the breaker
    back = mei.get(f"/notes/{second['id']}/translation", target="en").json()
    assert back["engine"] == "libretranslate" and back["is_gloss"] is False


def test_the_server_script_stops_with_a_clear_message_when_models_cannot_be_downloaded(tmp_path):
    env = {
        **os.environ,
        "CROSSNOTE_DATA_DIR": str(tmp_path),
        "ARGOS_PACKAGE_INDEX": f"http://127.0.0.1:{_closed_port()}",
        "TRANSLATE_PROBE_TIMEOUT": "5",
    }
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [str(ROOT / "scripts" / "translate-server")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "cannot reach the Argos package index" in done.stderr
    assert "internet access" in done.stderr
    assert not (tmp_path / "translate-venv").exists()  # stopped before installing anything
