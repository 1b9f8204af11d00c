"""The installable app: manifest, icons, favicon, service worker, offline page, tab bar."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from crossnote.web.views import app

pytestmark = pytest.mark.django_db


def static_file(url: str) -> str | None:
    """The file a /static/ address serves (tests do not collect static files)."""
    return finders.find(url.removeprefix("/static/"))


def test_the_manifest_makes_the_site_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == data["short_name"] == "Crossnote"
    assert data["display"] == "standalone" and data["start_url"].startswith("/")
    assert data["theme_color"] == app.THEME_COLOR and data["background_color"]
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        assert static_file(icon["src"]), icon["src"]
        if icon["type"] == "image/png":
            with Image.open(static_file(icon["src"])) as image:
                assert "{}x{}".format(*image.size) == icon["sizes"]
    zh = json.loads(client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="zh-CN").content)
    assert zh["lang"] == "zh-Hans"
    assert zh["description"] == "关于旅行、美食、穿搭和家居的笔记，中英文都有。"


def test_every_page_links_the_manifest_icons_and_theme(client):
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'rel="apple-touch-icon"' in page and '<meta name="theme-color"' in page
    assert static_file("/static/web/icons/apple-touch-icon.png")


def test_the_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_the_service_worker_caches_the_shell_and_the_offline_page(client):
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    shell = json.loads(
        "[" + re.search(r"var SHELL = \[(.*), OFFLINE_URL\];", script).group(1) + "]"
    )
    assert "/static/web/app.css" in shell and "/static/web/icons/icon-192.png" in shell
    for url in shell:
        assert static_file(url), url
    assert 'var OFFLINE_URL = "/offline";' in script
    # The Web Push handlers (crossnote/live) run inside this one worker.
    # (escapejs writes the hyphen as \u002D, the same string to JavaScript)
    assert re.search(r'importScripts\("/static/web/push(-|\\u002D)sw\.js"\);', script)
    assert "HOOK: web push" in script
    assert re.search(r'var VERSION = "[0-9a-f]{12}";', script)


def test_the_service_worker_imports_no_push_script_when_there_is_none(client, monkeypatch):
    monkeypatch.setattr(app, "PUSH_SCRIPT", "web/no-such-script.js")
    script = client.get("/sw.js").content.decode()
    assert "importScripts(" not in script


def test_the_offline_page_carries_nothing_personal(client, make_user):
    anna, _client = make_user("anna", display_name="Anna Personal")
    client.force_login(anna)
    response = client.get("/offline")
    page = response.content.decode()
    assert response.status_code == 200 and "You are offline" in page
    assert "Anna Personal" not in page and "csrf" not in page.lower()
    assert "你已离线" in client.get("/offline", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_the_tab_bar_holds_the_five_places(client, make_user):
    anna, _client = make_user("anna")
    page = client.get("/").content.decode()
    bar = re.search(r'<nav class="tabbar".*?</nav>', page, re.S).group(0)
    links = re.findall(r'<a (?:[a-z-]+="[^"]*" )*href="([^"]+)"', bar)
    assert links == ["/", "/following", "/notes/new", "/notifications", "/login"]
    assert 'href="/" aria-current="page"' in bar
    client.force_login(anna)
    bar = re.search(r'<nav class="tabbar".*?</nav>', client.get("/@anna").content.decode(), re.S)
    assert 'href="/@anna" aria-current="page"' in bar.group(0)
    zh = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<nav class="tabbar" aria-label="应用">' in zh and "<span>我</span>" in zh
