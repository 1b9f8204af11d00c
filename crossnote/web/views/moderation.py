"""The moderators' queue page: reports with their context, and the actions on them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossnote.moderation.actions import check_moderate, ensure_moderator
from crossnote.moderation.models import ModerationAction, Report


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    ensure_moderator(request.user)
    reports = (
        Report.objects.filter(state=Report.State.OPEN)
        .select_related("reporter", "person", "note", "comment")
        .order_by("id")[:100]
    )
    recent = ModerationAction.objects.select_related("moderator", "person").order_by("-id")[:20]
    return render(
        request,
        "web/moderation.html",
        {
            "reports": reports,
            "kinds": ModerationAction.Kind.choices,
            "recent": recent,
        },
    )


@login_required
@require_POST
def act(request: HttpRequest, report_id: int) -> HttpResponse:
    days = request.POST.get("days", "")
    check_moderate(
        request.user,
        report_id,
        request.POST.get("kind", ""),
        request.POST.get("reason", ""),
        int(days) if days.isdigit() else None,
    )
    messages.success(request, _("Done. The person has been told why."))
    return redirect("web:moderation")
