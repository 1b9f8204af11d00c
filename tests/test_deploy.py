"""Production settings pass Django's deployment checklist, and the Discover page is light."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crossnote.settings",
        "CROSSNOTE_DATA_DIR": str(tmp_path),
        "CROSSNOTE_HTTPS": "1",
        "CROSSNOTE_SECRET_KEY": "a-production-secret-key-that-is-long-enough-0123456789",
        "CROSSNOTE_ALLOWED_HOSTS": "crossnote.example",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set while a browser test runs (tests/browser.py)
    result = subprocess.run(
        [sys.executable, "-m", "crossnote.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_short_secret_key_is_refused(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crossnote.settings",
        "CROSSNOTE_DATA_DIR": str(tmp_path),
        "CROSSNOTE_SECRET_KEY": "short",
    }
    result = subprocess.run(
        [sys.executable, "-m", "crossnote.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode != 0 and "at least 32 characters" in result.stderr


def test_the_discover_page_weighs_at_most_150_kb_before_images(client, make_user, post_note):
    for i in range(22):  # Discover shows one note per author per page
        author = make_user(f"author{i}")[1]
        body = f"A note about hotpot and travel #food #旅行 {i} " * 4
        post_note(author, body, title=f"Note number {i}")
    html = client.get("/").content
    assets = re.findall(rb'(?:src|href)="/static/([^"]+\.(?:js|css|svg))"', html)
    sizes = {name.decode(): Path(finders.find(name.decode())).stat().st_size for name in assets}
    total = len(html) + sum(sizes.values())
    assert html.count(b'class="card"') == 20
    assert total <= 150 * 1024, (len(html), sizes)
