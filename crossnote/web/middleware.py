"""Web-side handling of the errors actions raise: a page (or an htmx fragment) in the
person's language, with the right status, instead of a server error."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from crossnote.core.errors import CrossnoteError
from crossnote.core.http_errors import (
    UNREADABLE_REQUEST_ERRORS,
    URL_TOO_LONG,
    refusal_for,
    url_too_long,
)
from crossnote.core.outages import is_database_unavailable
from crossnote.web.views.errors import database_unavailable
from crossnote.web.views.refusals import refuse


class RequestLimitsMiddleware:
    """Requests we will not or cannot read, refused with a 4xx of our own: JSON under /api/,
    a page elsewhere.

    An address longer than MAX_URL_LENGTH gets 414 (gunicorn passes request lines up to
    8 KB through for this). A view that meets a body Django cannot parse (a client that hung up
    mid-upload, a malformed multipart form) gets the refusal for it instead of a 500; the
    API's own handlers do the same inside the API.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if url_too_long(request):
            return refuse(request, URL_TOO_LONG)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, UNREADABLE_REQUEST_ERRORS):
            return refuse(request, refusal_for(exc))
        return None


class CrossnoteErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if is_database_unavailable(exc) and not request.path.startswith("/api/"):
            return database_unavailable(request, exc)
        if not isinstance(exc, CrossnoteError) or request.path.startswith("/api/"):
            return None
        partial = (
            "web/partials/nudge.html" if exc.code == "are_you_sure" else "web/partials/error.html"
        )
        if getattr(request, "htmx", False):
            response = render(request, partial, {"error": exc}, status=exc.status)
            # htmx does not swap 4xx answers by default; put the message where errors go.
            response["HX-Retarget"] = "#flash"
            response["HX-Reswap"] = "innerHTML"
        else:
            response = render(request, "web/error.html", {"error": exc}, status=exc.status)
        if getattr(exc, "retry_after", None):
            response["Retry-After"] = str(exc.retry_after)
        return response
