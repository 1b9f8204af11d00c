"""`crossnote screenshots`: pictures of the main pages, phone and desktop, in docs/screenshots/.

Run against a server with the demo loaded (`make screenshots` sets one up and takes them).
Uses Debian's chromium through Playwright, like the end-to-end tests.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 860}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# (file name, path, viewport, locale, who is logged in)
SHOTS = [
    ("discover-desktop-en", "/", DESKTOP, "en-US", "sam"),
    ("discover-phone-zh", "/", PHONE, "zh-CN", "mei"),
    ("note-desktop-en", "{note}", DESKTOP, "en-US", "sam"),
    ("note-phone-zh", "{note}", PHONE, "zh-CN", "mei"),
    ("hashtag-desktop-zh", "/tags/tiktok难民", DESKTOP, "zh-CN", None),
    ("trending-phone-en", "/trending", PHONE, "en-US", None),
    ("search-desktop-zh", "/search?q=咖啡", DESKTOP, "zh-CN", "mei"),
    ("profile-phone-en", "/@mei", PHONE, "en-US", "sam"),
    ("compose-desktop-en", "/notes/new", DESKTOP, "en-US", "sam"),
    ("notifications-phone-zh", "/notifications", PHONE, "zh-CN", "mei"),
    ("newcomers-desktop-en", "/newcomers", DESKTOP, "en-US", "sam"),
    ("questions-phone-zh", "/guides/questions", PHONE, "zh-CN", "mei"),
    ("welcome-phone-en", "/welcome", PHONE, "en-US", "priya"),
]
PASSWORD = "crossnote-demo"  # noqa: S105 - the demo people's published password (README)


class Command(BaseCommand):
    help = "Take screenshots of the main pages of a running Crossnote with the demo loaded."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--out", default="docs/screenshots")
        parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")

    def handle(self, *args: Any, base_url: str, out: str, chromium: str, **options: Any) -> None:
        from playwright.sync_api import sync_playwright

        if not Path(chromium).exists():
            raise CommandError(f"No Chromium at {chromium} (apt-get install chromium).")
        target = Path(out)
        target.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
            note_path = self._busiest_note(browser, base_url)
            for name, path, viewport, locale, who in SHOTS:
                context = browser.new_context(
                    base_url=base_url, viewport=viewport, locale=locale, device_scale_factor=1
                )
                page = context.new_page()
                if who:
                    page.goto("/login")
                    page.fill("#username", who)
                    page.fill("#password", PASSWORD)
                    page.locator("form[action='/login'] button[type=submit]").click()
                    page.wait_for_load_state("networkidle")
                page.goto(path.format(note=note_path))
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(target / f"{name}.png"))
                self.stdout.write(f"{target / name}.png")
                context.close()
            browser.close()

    def _busiest_note(self, browser: Any, base_url: str) -> str:
        """The first note on Discover: a good one to show."""
        page = browser.new_page(base_url=base_url)
        page.goto("/")
        href = page.locator("a.card-title").first.get_attribute("href") or "/"
        page.close()
        if not re.fullmatch(r"/notes/\d+", href):
            raise CommandError("Discover shows no notes: run `crossnote load_demo` first.")
        return href
