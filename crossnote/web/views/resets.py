"""Forgot your password: ask for a link by email, then choose a new password."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crossnote.accounts import resets
from crossnote.core.clients import client_address, site_url
from crossnote.core.errors import InvalidInput


def request_reset(request: HttpRequest) -> HttpResponse:
    """The form, then the same "check your email" answer for every name or address.
    Too many requests are answered by the error middleware (429, Retry-After)."""
    identifier = request.POST.get("identifier", "")
    error = None
    sent = False
    if request.method == "POST":
        try:
            resets.check_request_password_reset(
                identifier,
                address=client_address(request),
                origin=site_url(request),
                language=get_language(),
            )
        except InvalidInput as exc:
            error = exc
        else:
            sent = True
    return render(
        request,
        "web/password_reset.html",
        {"error": error, "sent": sent, "identifier": identifier},
        status=error.status if error else 200,
    )


def confirm_reset(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    """The emailed link: a form for the new password, or why the link does not work."""
    error = None
    if request.method == "POST":
        try:
            resets.check_password_reset(
                uid, token, request.POST.get("new_password", ""), address=client_address(request)
            )
        except InvalidInput as exc:
            error = exc
        else:
            messages.success(request, _("Your new password is set. Log in with it."))
            return redirect("web:login")
    else:
        try:
            resets.access_reset_link(uid, token, address=client_address(request))
        except InvalidInput as exc:
            error = exc
    return render(
        request,
        "web/password_reset_confirm.html",
        {"error": error, "link_works": not (error and error.code == "invalid_reset_link")},
        status=error.status if error else 200,
    )
