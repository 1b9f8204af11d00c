"""GET /live/events (and /api/v1/live/events): the requester's server-sent event stream."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from crossnote.accounts.actions import user_for_token
from crossnote.live.stream import events as event_stream

MAX_CURSOR = 64


def _requester(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The bearer token's user (a wrong token is never silently the session's), else the
    session's, else None."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _space, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return user_for_token(token.strip())
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@require_GET
def events(request: HttpRequest) -> HttpResponse:
    user = _requester(request)
    if user is None:
        return JsonResponse(
            {
                "error": "not_authenticated",
                "message": _("Log in, or send a valid API token, to do that."),
            },
            status=401,
        )
    cursor = request.headers.get("Last-Event-ID") or request.GET.get("after") or None
    if cursor is not None:
        cursor = cursor.strip() or None
        if cursor and len(cursor) > MAX_CURSOR:
            cursor = "unreadable"  # like any id the backend cannot read: a reset
    response = StreamingHttpResponse(
        event_stream(user.pk, cursor), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
