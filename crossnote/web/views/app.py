"""The installable app: the web app manifest, the service worker, the offline page and the
favicon. All are public and the same for everyone (nothing personal is ever cached)."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

# Static files the service worker keeps so the app's shell opens offline.
SHELL = (
    "web/app.css",
    "web/phone.css",
    "web/app.js",
    "web/phone.js",
    "web/htmx.min.js",
    "web/video.js",
    "web/favicon.svg",
    "web/icons/icon-192.png",
)
# HOOK for web push (issue 13, the `live` work): when this static script exists, the service
# worker imports it with importScripts(), so its `push` and `notificationclick` handlers run
# inside our worker. Rename here if the push handler lands under another name.
PUSH_SCRIPT = "web/push-sw.js"
THEME_COLOR = "#c8102e"


@lru_cache(maxsize=1)
def _shell_version() -> str:
    """A digest of the shell's files and the worker's own template: a deploy that changes
    any of them changes it, so the worker caches the shell again."""
    paths = [finders.find(name) for name in (*SHELL, PUSH_SCRIPT)]
    paths.append(get_template("web/sw.js").origin.name)
    chunks = []
    for path in paths:
        if path:
            with open(path, "rb") as handle:
                chunks.append(handle.read())
    return hashlib.sha256(b"\0".join(chunks)).hexdigest()[:12]


@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest, in the page's language."""
    data = {
        "id": "/",
        "name": "Crossnote",
        "short_name": "Crossnote",
        "description": _("Notes about travel, food, style and home, in English and Chinese."),
        "lang": "zh-Hans" if (get_language() or "").startswith("zh") else "en",
        "start_url": reverse("web:discover") + "?source=app",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "categories": ["social", "lifestyle"],
        "icons": [
            {"src": static("web/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("web/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("web/icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("web/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
        "shortcuts": [
            {"name": _("Post"), "url": reverse("web:compose")},
            {"name": _("Notifications"), "url": reverse("web:notifications")},
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Vary"] = "Accept-Language, Cookie"
    return response


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js, served from the root so its scope is the whole site. Rendered from a template
    with the shell's addresses and version; imports the push script when there is one."""
    push = static(PUSH_SCRIPT) if finders.find(PUSH_SCRIPT) else ""
    context = {
        "shell": [static(name) for name in SHELL],
        "offline_url": reverse("web:offline"),
        "version": _shell_version(),
        "push_script": push,
    }
    response = HttpResponse(
        render_to_string("web/sw.js", context), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    """The page the service worker shows when a page cannot be reached. It carries nothing
    personal: the worker caches it once for everyone on the device."""
    return render(request, "web/offline.html", {"theme_color": THEME_COLOR})


@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> FileResponse:
    """/favicon.ico, which browsers and crawlers ask for whatever the page says."""
    path = finders.find("web/icons/favicon.ico")
    return FileResponse(open(path, "rb"), content_type="image/x-icon")
