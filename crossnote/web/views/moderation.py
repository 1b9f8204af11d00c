"""The moderators' queue page: reports with their context, the actions on them, and the
hashtags awaiting review before they may trend."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossnote.moderation.actions import check_moderate, check_restore, ensure_moderator
from crossnote.moderation.models import REPORT_KINDS, ModerationAction, Report
from crossnote.moderation.queries import hashtags_need_review, restricted_people
from crossnote.tags.actions import check_review_tag
from crossnote.tags.queries import access_tag_for_review, tags_awaiting_review
from crossnote.web.views.common import is_htmx


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
            "kinds": [(kind.value, kind.label) for kind in REPORT_KINDS],
            "recent": recent,
            "review_on": hashtags_need_review(),
            "tags": tags_awaiting_review(request.user),
            "restricted": restricted_people(),
        },
    )


@login_required
@require_POST
def restore(request: HttpRequest, username: str) -> HttpResponse:
    """Lift a ban or a suspension (the kind comes with the form)."""
    check_restore(
        request.user, username, request.POST.get("kind", ""), request.POST.get("reason", "")
    )
    messages.success(request, _("Done. The person has been told why."))
    return redirect("web:moderation")


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


@login_required
@require_POST
def review_tag(request: HttpRequest, name: str) -> HttpResponse:
    """Approve a hashtag for trending or keep it out: the row again (htmx), or the page."""
    decision = request.POST.get("decision", "")
    check_review_tag(request.user, name, decision, request.POST.get("reason", ""))
    topic = access_tag_for_review(request.user, name)
    if is_htmx(request):
        return render(request, "web/partials/tag_review.html", {"tag": topic, "reviewed": True})
    if decision == "approve":
        messages.success(request, _("Approved: #%(name)s can trend now.") % {"name": topic.name})
    else:
        messages.success(
            request, _("#%(name)s stays out of the trending list.") % {"name": topic.name}
        )
    return redirect("web:moderation")


@login_required
@require_POST
def report(request: HttpRequest, username: str) -> HttpResponse:
    """Report a person, or one of their notes (`note`), with an optional block."""
    from crossnote.accounts.queries import access_user
    from crossnote.core.clients import client_address
    from crossnote.moderation.actions import check_report
    from crossnote.notes.queries import access_note

    person = access_user(request.user, username)
    note_id = request.POST.get("note", "")
    note = access_note(request.user, int(note_id)) if note_id.isdigit() else None
    if note is not None and note.author_id != person.pk:
        note = None
    block = request.POST.get("block") == "on"
    check_report(
        request.user,
        person=person,
        reason=request.POST.get("reason", ""),
        text=request.POST.get("text", ""),
        note_id=note.pk if note else None,
        block=block,
        address=client_address(request),
    )
    messages.success(request, _("Thank you. Moderators will look at your report."))
    if block:  # the person is gone from this viewer's pages now: go somewhere else
        return redirect("web:discover")
    if note is not None:
        return redirect("web:note", note_id=note.pk)
    return redirect("web:profile", username=username)
