from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from crossnote.notifications.actions import do_mark_read
from crossnote.notifications.queries import notifications_page


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The list, newest first, grouped; opening it marks what it shows as read. `?part=list`
    is the list alone and `?part=bell` the header's bell alone, for the live script
    (static/web/live.js) to swap in when an event arrives."""
    part = request.GET.get("part")
    if part == "bell":  # the live script refreshing the header's bell: reads nothing else
        return render(request, "web/partials/bell.html")
    page = notifications_page(request.user, request.GET.get("cursor"), None)
    template = "web/partials/notification_list.html" if part == "list" else "web/notifications.html"
    response = render(request, template, {"page": page})
    do_mark_read(request.user, page.covered_ids)
    return response


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    do_mark_read(request.user)
    return redirect("web:notifications")
