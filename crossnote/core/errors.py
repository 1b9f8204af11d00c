"""Errors that actions raise and every interface (API, web) shows to a person.

Each carries a stable machine code, an HTTP status and a message written for people. The
API turns them into `{"error": code, "message": message}`; the web UI shows the message.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class CrossnoteError(Exception):
    status = 400
    code = "bad_request"
    default_message = _("That request could not be handled.")

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        self.message = str(message or self.default_message)
        if code:
            self.code = code
        super().__init__(self.message)


class InvalidInput(CrossnoteError):
    status = 400
    code = "invalid_input"


class NotAuthenticated(CrossnoteError):
    status = 401
    code = "not_authenticated"
    default_message = _("Please log in first.")


class Forbidden(CrossnoteError):
    status = 403
    code = "forbidden"
    default_message = _("You are not allowed to do that.")


class NotFound(CrossnoteError):
    status = 404
    code = "not_found"
    default_message = _("We could not find that. It may have been deleted or made private.")


class Conflict(CrossnoteError):
    status = 409
    code = "conflict"


class PayloadTooLarge(CrossnoteError):
    status = 413
    code = "payload_too_large"
    default_message = _("That upload is too large.")


class UnsupportedMedia(CrossnoteError):
    status = 415
    code = "unsupported_media"
    default_message = _("That file is not a photo we can read (JPEG, PNG, WebP, HEIC or GIF).")


class ServiceUnavailable(CrossnoteError):
    """Something Crossnote needs (its database) did not answer: trying again soon may work."""

    status = 503
    code = "unavailable"
    retry_after = 5
    default_message = _("Crossnote is briefly unavailable. Please try again in a moment.")


class ServerError(CrossnoteError):
    """A bug of ours; the details go to the log, never to the person."""

    status = 500
    code = "server_error"
    default_message = _("Something went wrong on our side. Try again.")
