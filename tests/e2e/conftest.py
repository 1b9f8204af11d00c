"""End-to-end tests in headless Chromium (Debian's `chromium`, driven by Playwright).

`make test` installs chromium when it is missing. Playwright's own browser download is never
used: the tests launch the system browser through `executable_path` (tests/browser.py).
"""

from __future__ import annotations

import pytest

# `browser` (headless Chromium) is a fixture of tests/conftest.py, shared with the browser
# tests in other folders; tests/browser.py says why it is not a session fixture.


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
