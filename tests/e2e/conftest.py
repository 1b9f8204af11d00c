"""End-to-end tests in headless Chromium (Debian's `chromium`, driven by Playwright).

`make test` installs chromium when it is missing. Playwright's own browser download is never
used: the tests launch the system browser through `executable_path`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread, which makes Django refuse ORM
# calls there (live_server's database set-up and the rows these tests read). Nothing else
# uses that loop, so the calls are safe; the flag is for this test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CROSSNOTE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium keeps trying to reach Google's services from a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: `make test` installs it; or set CROSSNOTE_CHROMIUM."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(locale="en-US", width=1280, height=900) → a fresh page in its own context."""
    contexts = []

    def make(locale: str = "en-US", width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def photo_files(tmp_path):
    """Two real JPEG files on disk, as a person would pick them."""
    from tests import images

    paths = []
    for i, color in enumerate([(200, 80, 60), (40, 120, 200)]):
        path = tmp_path / f"photo{i}.jpg"
        path.write_bytes(images.jpeg(size=(600, 800), color=color))
        paths.append(str(path))
    return paths
