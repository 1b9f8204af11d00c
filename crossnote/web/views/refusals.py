"""Django's answers to requests it refuses before (or instead of) a view: handler400 and
handler404 in crossnote/urls.py.

They are reached for an address no route matches, and for a body Django cannot parse
before the view runs (the CSRF check reads the form first). Under /api/ the answer is the
API's JSON error; elsewhere the error page, in the person's language.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from crossnote.core.http_errors import BAD_REQUEST, NOT_FOUND, Refusal, is_api, refusal_for


def refuse(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """The answer for a refused request: JSON under /api/, the error page elsewhere."""
    if is_api(request):
        from crossnote.api.main import error_response

        return error_response(request, refusal.status, refusal.code, str(refusal.message))
    error = {"status": refusal.status, "code": refusal.code, "message": refusal.message}
    if getattr(request, "htmx", False):
        # As CrossnoteErrorMiddleware does: the message goes where errors go, not in place.
        response = render(
            request, "web/partials/error.html", {"error": error}, status=error["status"]
        )
        response["HX-Retarget"] = "#flash"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "web/error.html", {"error": error}, status=refusal.status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return refuse(request, refusal_for(exception) if exception else BAD_REQUEST)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return refuse(request, NOT_FOUND)
