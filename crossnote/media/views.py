"""Serving photo variants: every request is checked against who may see the photo now.

Public photos (see `media.queries`) are answered the same for everyone, without reading the
session, with a year's public Cache-Control. Other photos go to the people who may see
their note, as `Cache-Control: private`, and everyone else gets the 404 a missing file
gets. The viewer is the session's person, or the API token's when the request sends
`Authorization: Bearer` (how API clients fetch the photo URLs the API gives them).

At scale nginx sends the bytes (`CROSSNOTE_MEDIA_ACCEL_PREFIX`, see `media.sending`):

    location /media/ { proxy_pass http://crossnote; }   # every request is checked here
    location /_media/ {
        internal;
        alias /var/lib/crossnote/media/;                 # MEDIA_ROOT
        add_header X-Content-Type-Options nosniff always;
        add_header Content-Security-Policy "default-src 'none'" always;
    }

MEDIA_ROOT itself must never be exposed as a plain static location.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from crossnote.core.errors import NotFound
from crossnote.media.queries import access_photo
from crossnote.media.sending import not_found, send_variant


def _viewer(request: HttpRequest) -> object:
    """The requesting person, looked up only if asked for (public photos never ask)."""
    header = request.headers.get("Authorization", "")
    if not header:
        return request.user  # already lazy: the session is read on first use

    def by_token() -> object:
        from crossnote.accounts.actions import user_for_token

        scheme, _, token = header.partition(" ")
        found = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
        return found or AnonymousUser()  # a wrong token sees what nobody logged in sees

    return SimpleLazyObject(by_token)


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    if ".." in path.split("/"):
        return not_found()
    try:
        audience = access_photo(_viewer(request), path)
    except NotFound:
        return not_found()
    return send_variant(request, path, public=audience.public)
