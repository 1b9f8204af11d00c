"""The moderators' queue page: reports with their context, the actions on them, and the
hashtags awaiting review before they may trend; beside it, the reports of direct messages
(only the reported messages, never the rest of a conversation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossnote.accounts.models import User
from crossnote.accounts.queries import access_user
from crossnote.core.clients import client_address
from crossnote.core.errors import InvalidInput, NotFound
from crossnote.engagement.models import Comment
from crossnote.engagement.queries import access_comment
from crossnote.messaging.actions import check_decide_report
from crossnote.messaging.models import MessageReport
from crossnote.messaging.queries import open_message_report_count, reported_messages
from crossnote.moderation.actions import (
    check_moderate,
    check_report,
    check_restore,
)
from crossnote.moderation.models import REPORT_KINDS, ModerationAction, Report
from crossnote.moderation.permissions import ensure_moderator
from crossnote.moderation.queries import hashtags_need_review, restricted_people
from crossnote.notes.models import Note
from crossnote.notes.queries import access_note
from crossnote.tags.actions import check_review_tag
from crossnote.tags.queries import access_tag_for_review, tags_awaiting_review
from crossnote.web.views.common import is_htmx, posted_id


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
            "open_message_reports": open_message_report_count(request.user),
        },
    )


@login_required
def message_reports(request: HttpRequest) -> HttpResponse:
    """Reports of direct messages, newest first: open ones, or those decided (`state`)."""
    ensure_moderator(request.user)
    state = request.GET.get("state", MessageReport.State.OPEN)
    if state not in MessageReport.State.values:
        raise InvalidInput(_("Choose open, dismissed or actioned."), code="invalid_state")
    return render(
        request,
        "web/moderation_messages.html",
        {
            "reports": reported_messages(request.user, state),
            "state": state,
            "states": MessageReport.State.choices,
            "reasons": dict(Report.Reason.choices),
            "open_message_reports": open_message_report_count(request.user),
        },
    )


@login_required
@require_POST
def decide_message_report(request: HttpRequest, report_id: int) -> HttpResponse:
    """Dismiss a report of messages, or close it as actioned: the row again (htmx), or the
    page."""
    report = check_decide_report(request.user, report_id, request.POST.get("decision", ""))
    if is_htmx(request):
        return render(request, "web/partials/message_report.html", {"r": report, "decided": True})
    if report.state == MessageReport.State.DISMISSED:
        messages.success(request, _("Report dismissed."))
    else:
        messages.success(request, _("Report closed: action taken."))
    return redirect("web:message_reports")


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
        posted_id(days),
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


def _reported_items(request: HttpRequest, person: User) -> tuple[Note | None, Comment | None]:
    """The note (`note`) and comment (`comment`, on that note) a report form names, fetched
    as the viewer sees them: NotFound for a comment they cannot see, or one that is not
    `person`'s. A note that is not theirs is dropped (the report is about the person)."""
    note_id, comment_id = request.POST.get("note", ""), request.POST.get("comment", "")
    note = access_note(request.user, note_pk) if (note_pk := posted_id(note_id)) else None
    if comment_id:
        comment_pk = posted_id(comment_id)
        if note is None or comment_pk is None:
            raise NotFound()
        comment = access_comment(request.user, note, comment_pk)
        if comment.author_id != person.pk:
            raise NotFound()
        return note, comment
    if note is not None and note.author_id != person.pk:
        note = None
    return note, None


@login_required
@require_POST
def report(request: HttpRequest, username: str) -> HttpResponse:
    """Report a person, one of their notes (`note`), or one of their comments (`comment`,
    with the `note` it is on), with an optional block."""
    person = access_user(request.user, username)
    note, comment = _reported_items(request, person)
    block = request.POST.get("block") == "on"
    check_report(
        request.user,
        person=person,
        reason=request.POST.get("reason", ""),
        text=request.POST.get("text", ""),
        note_id=note.pk if note else None,
        comment_id=comment.pk if comment else None,
        block=block,
        address=client_address(request),
    )
    thanks = _("Thank you. Moderators will look at your report.")
    if comment is not None and not block and is_htmx(request):
        # A comment's report form posts in place: the thanks shows where the form was.
        return render(request, "web/partials/report_sent.html", {"thanks": thanks})
    messages.success(request, thanks)
    url = _after_report(person, note, comment, block)
    if is_htmx(request):  # blocked too: the page changes, so a whole page comes
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _after_report(person: User, note: Note | None, comment: Comment | None, block: bool) -> str:
    """Where the reporter goes once the report is made."""
    if block and (note is None or note.author_id == person.pk):
        # The person (and so the note) is gone from this viewer's pages: go somewhere else.
        return reverse("web:discover")
    if comment is not None and note is not None:
        # Back to the thread; after a block the commenter's comments are gone from it.
        anchor = "#comments-title" if block else f"#comment-{comment.pk}"
        return reverse("web:note", args=[note.pk]) + anchor
    if note is not None:
        return reverse("web:note", args=[note.pk])
    return reverse("web:profile", args=[person.username])
