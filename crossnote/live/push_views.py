"""The browser's side of Web Push: the server's public key, and (un)subscribing this device.
JSON in and out; the web session authenticates (and CSRF protects) every call."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crossnote.live import push


def _refuse(code: str, message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": code, "message": message}, status=status)


def _anonymous() -> JsonResponse:
    return _refuse("not_authenticated", _("Log in, or send a valid API token, to do that."), 401)


def _body(request: HttpRequest) -> dict | None:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


@require_GET
def key(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"public_key": push.public_key()})


@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _anonymous()
    body = _body(request)
    if body is None:
        return _refuse("invalid_json", _("The request body is not valid JSON."))
    try:
        push.check_subscribe(request.user, body, get_language() or "en")
    except push.InvalidSubscription as exc:
        return _refuse(exc.code, exc.message)
    return JsonResponse({"subscribed": True}, status=201)


@require_POST
def unsubscribe(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _anonymous()
    body = _body(request)
    if body is None or not isinstance(body.get("endpoint"), str):
        return _refuse("invalid_json", _("Send the subscription's endpoint to remove it."))
    return JsonResponse({"removed": push.do_unsubscribe(request.user, body["endpoint"])})
