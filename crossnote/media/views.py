"""Serving photo variants from local disk.

Files are sent with `X-Content-Type-Options: nosniff` and a CSP of `default-src 'none'`, so
even a file that somehow is not an image can never run as a page. At scale a web server or
CDN in front serves /media/ directly, with the same two headers.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from crossnote.media.storage import public_storage


@require_safe
def serve_media(request: HttpRequest, path: str) -> FileResponse:
    if ".." in path.split("/") or not path.endswith(".webp"):
        raise Http404
    storage = public_storage()
    try:
        handle = storage.open(path, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/webp")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    # Names are random and files never change: cache them for a year.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
