"""Video notes in a real browser (Debian's Chromium; here, beside the other browser tests,
to share their one browser per session): upload a video through the compose page (tus, with
its progress bar), play it, and swipe to the next video note in watch mode."""

from __future__ import annotations

import re

import pytest
from django.test import testcases

from tests.e2e.test_journeys import sign_up
from tests.video.clips import make_clip

pytestmark = pytest.mark.django_db(transaction=True)

# Functions, not expressions: the page's CSP forbids the eval Playwright uses for those.
PLAYING = """selector => {
  const v = document.querySelector(selector);
  return v && v.readyState >= 2 && v.currentTime > 0 && !v.paused && !v.error;
}"""


@pytest.fixture(autouse=True)
def _media_through_the_app(monkeypatch):
    """Serve /media/ through crossnote.media.views, as production does (see test_private_photos)."""
    monkeypatch.setattr(testcases._MediaFilesHandler, "_should_handle", lambda self, path: False)


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page that can be touched."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 780}, has_touch=True
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def _post_video(page, path: str, title: str) -> int:
    page.goto("/notes/new")
    page.set_input_files("#video-file", path)
    page.wait_for_function(
        "() => document.querySelector('[data-video-status]').textContent === 'Video uploaded.'"
    )
    assert page.locator("[data-video-progress]").evaluate("p => p.value") == 100
    page.fill("#title", title)
    page.locator("form[data-compose] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/notes/\d+$"), timeout=60_000)
    return int(page.url.rsplit("/", 1)[-1])


def _swipe_up(page) -> None:
    page.evaluate(
        """() => {
          const root = document.querySelector('[data-watch]');
          const touch = y => new Touch({identifier: 1, target: root, clientX: 200, clientY: y});
          root.dispatchEvent(new TouchEvent('touchstart', {touches: [touch(600)], bubbles: true}));
          const end = {changedTouches: [touch(200)], bubbles: true};
          root.dispatchEvent(new TouchEvent('touchend', end));
        }"""
    )


def test_upload_play_and_swipe_to_the_next_video(phone, tmp_path):
    first_clip = make_clip(tmp_path / "first.mp4", seconds=2)
    second_clip = make_clip(
        tmp_path / "second.webm", seconds=2, container="webm", codec="libvpx-vp9", audio=False
    )
    sign_up(phone, "anna")
    first = _post_video(phone, str(first_clip), "First clip")
    second = _post_video(phone, str(second_clip), "Second clip")

    player = phone.locator(".note-video video")
    player.evaluate("v => { v.muted = true; return v.play(); }")
    phone.wait_for_function(PLAYING, arg=".note-video video")

    phone.goto("/watch")  # newest first
    phone.wait_for_url(re.compile(rf"/watch/{second}$"))
    phone.wait_for_function(PLAYING, arg=".watch-video")
    _swipe_up(phone)
    phone.wait_for_url(re.compile(rf"/watch/{first}$"))
    phone.wait_for_function(PLAYING, arg=".watch-video")
    phone.keyboard.press("ArrowUp")  # and back, by keyboard
    phone.wait_for_url(re.compile(rf"/watch/{second}$"))
    # Seeking works: the player's Range requests are answered.
    phone.locator(".watch-video").evaluate("v => { v.currentTime = 1.5; }")
    phone.wait_for_function("() => document.querySelector('.watch-video').currentTime >= 1.5")
    assert phone.errors == []
