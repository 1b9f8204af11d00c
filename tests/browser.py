"""The Chromium the browser tests drive: Debian's `chromium` through Playwright's sync API
(Playwright's own browser download is never used), one per test process.

Playwright's sync API marks an asyncio event loop as running in the test thread for as long
as it lives. So it must not outlive the browser tests: a test after it in the same process
would run "inside" that loop, where Django refuses ORM calls and a second Playwright refuses
to start ("using Playwright Sync API inside the asyncio loop"). It was a session-scoped
fixture once, and a test in another folder that imported it got a second session fixture,
hence a second Playwright, and every browser test after it in that process failed.

Here the Playwright starts for the first test that asks for `browser` and stops as soon as
the next test does not (tests/conftest.py), so consecutive browser tests (pytest-django runs
the live-server tests together) share one.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from crossnote.web.management.commands.screenshots import ARGS as SCREENSHOT_ARGS

CHROMIUM = os.environ.get("CROSSNOTE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium keeps trying to reach Google's services from a closed network
# (the same arguments `crossnote screenshots` starts it with).
CHROMIUM_ARGS = SCREENSHOT_ARGS
# Django refuses ORM calls in a thread with a running event loop. The browser tests make
# them (live_server's database set-up, the rows they read) while Playwright's loop is marked
# running, though nothing runs on it then; the flag is set only while the browser is up.
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


class SharedChromium:
    """A Playwright and the Chromium it launched, started on demand and stopped on request."""

    def __init__(self) -> None:
        self._playwright: Any = None
        self._browser: Any = None
        self._started = False
        self._async_unsafe: str | None = None
        # The loop Playwright marks as running in this thread while it lives.
        self.loop: asyncio.AbstractEventLoop | None = None

    def get(self) -> Any:
        if self._browser is None:
            self._start()
        return self._browser

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).exists():
            pytest.fail(
                f"No Chromium at {CHROMIUM}: `make test` installs it; or set CROSSNOTE_CHROMIUM."
            )
        self._started = True
        self._async_unsafe = os.environ.get(ASYNC_UNSAFE)
        os.environ[ASYNC_UNSAFE] = "true"
        try:
            self._playwright = sync_playwright().start()
            self.loop = asyncio._get_running_loop()
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Close the browser and stop Playwright, which unmarks its loop; idempotent."""
        if not self._started:
            return
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            try:
                if self._playwright is not None:
                    self._playwright.stop()
            finally:
                self._playwright = self._browser = self.loop = None
                self._started = False
                if self._async_unsafe is None:
                    os.environ.pop(ASYNC_UNSAFE, None)
                else:
                    os.environ[ASYNC_UNSAFE] = self._async_unsafe
                self._async_unsafe = None


chromium = SharedChromium()
