"""The tus endpoints (see `media.uploads` for the protocol). Plain Django views rather than
Ninja routes: a PATCH body must be streamed from the socket, never parsed or buffered.

Who is uploading: `Authorization: Bearer <token>` (apps), or the web session, which must
then carry the CSRF token (`X-CSRFToken`) like any other write from a page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from crossnote.core.errors import CrossnoteError, NotAuthenticated, UnsupportedMedia
from crossnote.media import uploads

TUS_VERSION = "1.0.0"
OFFSET_TYPE = "application/offset+octet-stream"


def _tus_headers(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _error(exc: CrossnoteError) -> HttpResponse:
    answer = JsonResponse({"error": exc.code, "message": exc.message}, status=exc.status)
    return _tus_headers(answer)


def _person(request: HttpRequest) -> object:
    header = request.headers.get("Authorization", "")
    if header:
        from crossnote.accounts.actions import user_for_token

        scheme, _, token = header.partition(" ")
        user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise NotAuthenticated()
        return user
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    refused = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {})
    if refused is not None:
        raise NotAuthenticated(code="csrf_failed")
    return request.user


def _guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, **kwargs: str) -> HttpResponse:
        try:
            return _tus_headers(view(request, **kwargs))
        except CrossnoteError as exc:
            return _error(exc)

    return csrf_exempt(wrapped)  # checked in _person, only for session requests


@_guarded
def collection(request: HttpRequest) -> HttpResponse:
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Tus-Version"] = TUS_VERSION
        response["Tus-Extension"] = "creation,termination"
        response["Tus-Max-Size"] = str(uploads.settings.CROSSNOTE_VIDEO_MAX_BYTES)
        return response
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST, OPTIONS"})
    upload = uploads.check_create_upload(_person(request), request.headers.get("Upload-Length"))
    response = HttpResponse(status=201)
    response["Location"] = f"/api/v1/uploads/{upload.token}"
    response["Upload-Offset"] = "0"
    return response


@_guarded
def resource(request: HttpRequest, token: str) -> HttpResponse:
    upload = uploads.access_upload(_person(request), token)
    if request.method == "HEAD":
        response = HttpResponse(status=200)
        response["Upload-Offset"] = str(uploads.offset_of(upload))
        response["Upload-Length"] = str(upload.length)
        return response
    if request.method == "PATCH":
        if request.content_type != OFFSET_TYPE:
            raise UnsupportedMedia(
                _("Send each piece as application/offset+octet-stream."),
                code="upload_content_type",
            )
        length = request.headers.get("Content-Length")
        offset = uploads.do_append(
            upload,
            request.headers.get("Upload-Offset"),
            request,
            int(length) if length and length.isdigit() else None,
        )
        response = HttpResponse(status=204)
        response["Upload-Offset"] = str(offset)
        return response
    if request.method == "DELETE":
        uploads.do_delete_upload(upload)
        return HttpResponse(status=204)
    return HttpResponse(status=405, headers={"Allow": "HEAD, PATCH, DELETE"})
