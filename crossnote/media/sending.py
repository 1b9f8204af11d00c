"""Sending a photo file once the check has passed: by Django, or by the front server.

By default Django sends the bytes itself (gunicorn today), answering HEAD without reading
the file, a single `Range` with 206 (phones' image loaders resume with it), and
`If-None-Match` with 304. With `CROSSNOTE_MEDIA_ACCEL_PREFIX` set (say `/_media/`), Django
only decides and answers with `X-Accel-Redirect: /_media/<name>`; nginx then sends the file
from an `internal` location aliased to MEDIA_ROOT, with its own Range and HEAD handling.
nginx passes on our Content-Type and Cache-Control but not other headers, so that location
must add the nosniff and CSP headers itself (see `crossnote.media.views`).

With media in an object store (crossnote.media.s3) Django still decides, then redirects to a
presigned URL of the object that expires after CROSSNOTE_S3_SIGNED_URL_SECONDS; a public
file may instead go to CROSSNOTE_S3_PUBLIC_URL. The store is another origin, so a file there
can never run as one of our pages whatever its bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response

from crossnote.media.storage import local_path, public_storage

# Names are random and a file never changes under its name: public copies keep a year.
PUBLIC_CACHE = "public, max-age=31536000, immutable"
# A non-public copy is the viewer's alone, and is checked again each time it is shown, so
# losing the audience takes effect even in a browser's cache (a 304 costs no bytes).
PRIVATE_CACHE = "private, no-cache"

# Videos' renditions are MP4; everything else we store (variants, posters) is WebP.
CONTENT_TYPES = {".mp4": "video/mp4"}
RANGE_CHUNK = 256 * 1024

_SINGLE_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class RangeNotSatisfiable(Exception):
    pass


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte of a single-range `Range` header on a file of `size`
    bytes; None to send the whole file (no header, one we do not parse, or several ranges,
    which RFC 9110 lets a server ignore). Raises RangeNotSatisfiable past the end."""
    match = _SINGLE_RANGE.fullmatch(header.strip())
    if match is None or match.group() == "bytes=-":
        return None
    first, last = match.groups()
    if not first:  # "bytes=-N": the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(0, size - suffix), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None  # invalid syntax: ignored, as RFC 9110 says
    if start >= size:
        raise RangeNotSatisfiable
    return start, end


def content_type(name: str) -> str:
    return next((t for end, t in CONTENT_TYPES.items() if name.endswith(end)), "image/webp")


def _headers(response: HttpResponse, name: str, public: bool) -> HttpResponse:
    # Even a file that somehow is not an image can never run as a page.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
    response["ETag"] = f'"{name}"'
    response["Accept-Ranges"] = "bytes"
    return response


def not_found() -> HttpResponse:
    """The one answer for a file that is not there and for one the viewer may not see."""
    response = HttpResponse(b"Not found", status=404, content_type="text/plain")
    response["X-Content-Type-Options"] = "nosniff"
    # Never stored by a shared cache: the same address may be there for someone else.
    response["Cache-Control"] = "private, no-cache"
    return response


def redirect_to_store(name: str, *, public: bool) -> HttpResponse:
    """A redirect to the object `name` in the object store, already checked for the viewer.

    Non-public files get a presigned URL that nobody may keep: the redirect itself is never
    cached, so the next look is checked again, and the URL dies after its lifetime. Public
    files may be remembered for half that lifetime (the URL stays valid meanwhile)."""
    store = public_storage()
    base = getattr(store, "public_url", "") if public else ""
    response = HttpResponse(status=302)
    response["Location"] = f"{base}{name}" if base else store.signed_url(name)  # type: ignore[attr-defined]
    seconds = store.querystring_expire  # type: ignore[attr-defined]
    response["Cache-Control"] = f"public, max-age={seconds // 2}" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def send_variant(request: HttpRequest, name: str, *, public: bool) -> HttpResponse:
    """Answer a GET or HEAD for the stored variant `name`, already checked for the viewer."""
    if local_path(public_storage(), name) is None:
        return redirect_to_store(name, public=public)
    etag = f'"{name}"'
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        return _headers(unchanged, name, public)
    accel = settings.CROSSNOTE_MEDIA_ACCEL_PREFIX
    if accel:
        response = HttpResponse(content_type=content_type(name))
        response["X-Accel-Redirect"] = f"{accel}{name}"
        return _headers(response, name, public)
    try:
        size = public_storage().size(name)
    except OSError:
        return not_found()
    response = _file_response(request, name, size, etag)
    return response if response.status_code == 404 else _headers(response, name, public)


def _file_response(request: HttpRequest, name: str, size: int, etag: str) -> HttpResponse:
    kind = content_type(name)
    if request.method == "HEAD":  # Range is defined for GET only (RFC 9110 §14.2)
        response = HttpResponse(content_type=kind)
        response["Content-Length"] = str(size)
        return response
    wanted = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    try:
        span = byte_range(wanted, size) if wanted and if_range in (None, etag) else None
    except RangeNotSatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    try:
        handle = public_storage().open(name, "rb")
    except OSError:  # deleted since we looked
        return not_found()
    if span is None:
        return FileResponse(handle, content_type=kind)
    first, last = span
    if last - first < RANGE_CHUNK:  # a photo's slice, or a player's first probe: read it
        with handle:
            handle.seek(first)
            response = HttpResponse(handle.read(last - first + 1), status=206, content_type=kind)
    else:  # streamed in pieces: a video player asks for "bytes=N-", possibly a gigabyte
        response = StreamingHttpResponse(_slice(handle, first, last), status=206, content_type=kind)
        response["Content-Length"] = str(last - first + 1)
    response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return response


def _slice(handle: BinaryIO, first: int, last: int) -> Iterator[bytes]:
    with handle:
        handle.seek(first)
        left = last - first + 1
        while left > 0:
            piece = handle.read(min(RANGE_CHUNK, left))
            if not piece:
                return
            left -= len(piece)
            yield piece
