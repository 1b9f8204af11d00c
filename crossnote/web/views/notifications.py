from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from crossnote.notifications.actions import do_mark_read
from crossnote.notifications.queries import notifications_page


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The list, newest first; opening it marks what it shows as read."""
    page = notifications_page(request.user, request.GET.get("cursor"), None)
    response = render(request, "web/notifications.html", {"page": page})
    do_mark_read(request.user, page.covered_ids)
    return response


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    do_mark_read(request.user)
    return redirect("web:notifications")
