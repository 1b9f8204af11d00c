"""The JSON API: Django Ninja under /api/v1, OpenAPI at /api/openapi.json, docs at /api/docs.

Every error is `{"error": "<stable_code>", "message": "<text a person understands>"}`.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from crossnote.api.rendering import RENDERER
from crossnote.api.routes import (
    accounts,
    drafts,
    exports,
    feeds,
    guides,
    imports,
    messages,
    moderation,
    notes,
    notifications,
    search,
    tags,
    translation,
    users,
)
from crossnote.core.errors import CrossnoteError, ServiceUnavailable
from crossnote.core.http_errors import MALFORMED_BODY, UNREADABLE_REQUEST_ERRORS, refusal_for
from crossnote.core.outages import DATABASE_UNAVAILABLE, mark_unavailable

log = logging.getLogger(__name__)

api = NinjaAPI(
    title="Crossnote API",
    version="1",
    description="Notes, feeds, engagement and search for Crossnote. "
    "Authenticate with `Authorization: Bearer <token>` (POST /api/v1/auth/token).",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=RENDERER,  # shared with routes that answer with a ready HttpResponse
)


def _error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    return api.create_response(request, {"error": code, "message": message}, status=status)


# The API's error answer, also given by Django's handlers for requests under /api/.
error_response = _error


@api.exception_handler(CrossnoteError)
def _crossnote_error(request: HttpRequest, exc: CrossnoteError) -> HttpResponse:
    response = _error(request, exc.status, exc.code, exc.message)
    if exc.status == 401:
        response["WWW-Authenticate"] = "Bearer"
    if getattr(exc, "retry_after", None):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = _crossnote_error(request, ServiceUnavailable())
    mark_unavailable(request, response, exc)  # a read is then run again once
    return response


for _error_class in DATABASE_UNAVAILABLE:
    api.add_exception_handler(_error_class, _database_unavailable)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    parts = []
    for error in exc.errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return _error(request, 422, "invalid_input", "; ".join(parts) or _("The request is not valid."))


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(
        request, 401, "not_authenticated", _("Log in, or send a valid API token, to do that.")
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _error(request, 400, MALFORMED_BODY.code, str(MALFORMED_BODY.message))
    return _error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("There is nothing here."))


# What Django itself raises while reading a request it cannot (or will not) parse: the
# body, its multipart parts, too many fields or files, a body over the size limit.
def _unreadable_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    refusal = refusal_for(exc)
    return _error(request, refusal.status, refusal.code, str(refusal.message))


for _unreadable in UNREADABLE_REQUEST_ERRORS:
    api.add_exception_handler(_unreadable, _unreadable_request)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s %s", request.method, request.path)
    return _error(request, 500, "server_error", _("Something went wrong on our side. Try again."))


# Django tries URL patterns in order, one regular expression each: the feeds, read on every
# app open, come first instead of behind ~50 other routes.
api.add_router("/v1/", feeds.router)
api.add_router("/v1/", accounts.router)
api.add_router("/v1/", notes.router)
api.add_router("/v1/", users.router)
api.add_router("/v1/", tags.router)
api.add_router("/v1/", search.router)
api.add_router("/v1/", notifications.router)
api.add_router("/v1/", translation.router)
api.add_router("/v1/", moderation.router)
api.add_router("/v1/", guides.router)
api.add_router("/v1/", messages.router)
api.add_router("/v1/", imports.router)
api.add_router("/v1/", exports.router)
api.add_router("/v1/", drafts.router)
