"""Pages for when something breaks beyond an action's own errors: the database went away, or a
bug. They are rendered without request context processors, so without touching the database,
and in the person's language (LocaleMiddleware has already chosen it)."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from crossnote.core.errors import CrossnoteError, ServerError, ServiceUnavailable
from crossnote.core.outages import is_database_unavailable, mark_unavailable
from crossnote.web.views.common import is_htmx


def error_page(request: HttpRequest, error: CrossnoteError) -> HttpResponse:
    """The error as a page (or, for htmx, a message in the flash area), Retry-After included."""
    if is_htmx(request):
        body = render_to_string("web/partials/error.html", {"error": error})
        response = HttpResponse(body, status=error.status)
        response["HX-Retarget"] = "#flash"
        response["HX-Reswap"] = "innerHTML"
    else:
        body = render_to_string("web/outage.html", {"error": error})
        response = HttpResponse(body, status=error.status)
    if getattr(error, "retry_after", None):
        response["Retry-After"] = str(error.retry_after)
    return response


def database_unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse:
    response = error_page(request, ServiceUnavailable())
    mark_unavailable(request, response, exc)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: what reaches Django's last resort (an error outside any view, such as in
    a middleware) still gets a 503 when the database went away, and a friendly 500 otherwise."""
    exc = sys.exc_info()[1]
    error = ServiceUnavailable() if is_database_unavailable(exc) else ServerError()
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": error.code, "message": error.message}, status=error.status
        )
        if getattr(error, "retry_after", None):
            response["Retry-After"] = str(error.retry_after)
    else:
        response = error_page(request, error)
    if is_database_unavailable(exc):
        mark_unavailable(request, response, exc)
    return response
