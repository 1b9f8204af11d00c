"""Requests we cannot read, and how each interface refuses them.

Django raises its own exceptions while it parses a request (a multipart body without a
boundary, a part header over its size limit, too many fields, a body over the limit, a
client that hung up mid-upload). These are the client's mistakes, so they get a 4xx with a
stable code: JSON under /api/, a page in the person's language elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Longest path plus query string we answer (ours are far shorter); longer ones get 414.
# gunicorn passes request lines up to 8 KB on to Django (crossnote/core/gunicorn_conf.py).
MAX_URL_LENGTH = 4096


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str | Promise


MALFORMED_BODY = Refusal(
    400,
    "malformed_body",
    _("The request body could not be read: send JSON (or a form, where one is expected)."),
)
MALFORMED_MULTIPART = Refusal(
    400,
    "malformed_multipart",
    _("The upload could not be read: send it as multipart/form-data with a boundary."),
)
PART_HEADER_TOO_LARGE = Refusal(
    400,
    "upload_name_too_long",
    _("A file name (or a field name) in that upload is too long."),
)
TOO_LARGE = Refusal(413, "request_too_large", _("That request is too large."))
TOO_MANY_FIELDS = Refusal(400, "too_many_fields", _("That request has too many fields."))
TOO_MANY_FILES = Refusal(400, "too_many_images", _("That is too many files in one request."))
UNREADABLE = Refusal(400, "incomplete_request", _("The request ended before all of it arrived."))
BAD_REQUEST = Refusal(400, "bad_request", _("That request could not be handled."))
URL_TOO_LONG = Refusal(414, "url_too_long", _("That address is too long."))
NOT_FOUND = Refusal(404, "not_found", _("There is nothing here."))


# What Django raises while reading a request; each is the client's mistake, never ours.
UNREADABLE_REQUEST_ERRORS = (
    MultiPartParserError,
    SuspiciousOperation,
    BadRequest,
    UnreadablePostError,
)


def refusal_for(exc: BaseException) -> Refusal:
    """The refusal for an exception Django raised while reading a request."""
    if isinstance(exc, MultiPartParserError):
        # Django says which limit in the text only; the header limit is 1 KB per part.
        if "header size" in str(exc):
            return PART_HEADER_TOO_LARGE
        return MALFORMED_MULTIPART
    if isinstance(exc, RequestDataTooBig):
        return TOO_LARGE
    if isinstance(exc, TooManyFilesSent):
        return TOO_MANY_FILES
    if isinstance(exc, TooManyFieldsSent):
        return TOO_MANY_FIELDS
    if isinstance(exc, UnreadablePostError):
        return UNREADABLE
    return BAD_REQUEST


def url_too_long(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "")
    return len(request.path) + len(query) + 1 > MAX_URL_LENGTH


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")
