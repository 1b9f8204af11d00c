"""The web pages of imports (Settings → Import): upload an archive, watch its progress
(an htmx-polled fragment), review the drafts it made, follow people from there, and the
private history of what else it brought."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from crossnote.core.errors import CrossnoteError
from crossnote.imports import actions, queries, uploads
from crossnote.imports.models import ImportedItem
from crossnote.imports.report import imported_for_display, skipped_for_display
from crossnote.notes.actions import check_publish_drafts
from crossnote.web.views.common import posted_id

HISTORY_KINDS = {
    "video_link": ImportedItem.Kind.VIDEO_LINK,
    "comment": ImportedItem.Kind.COMMENT,
    "hashtag": ImportedItem.Kind.HASHTAG,
}


def _page(request: HttpRequest, error: CrossnoteError | None = None) -> HttpResponse:
    jobs = queries.jobs_of(request.user, limit=5)
    context = {
        "jobs": [
            (job, skipped_for_display(job.report or {}), imported_for_display(job.report or {}))
            for job in jobs
        ],
        "error": error,
        "draft_count": queries.drafts_of(request.user).count(),
        "people": [
            (person, platform, {}) for person, platform in queries.suggestions_for(request.user)
        ],
    }
    return render(request, "imports/import.html", context, status=error.status if error else 200)


@csrf_exempt  # checked below, once the upload handler is in place (Django's own advice)
@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        uploads.prepare(request)  # before anything reads the body
        return _upload(request)
    return _page(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    try:
        path, name, handle = uploads.received_archive(request)
        try:
            actions.check_start_import(request.user, path, name)
        finally:
            handle.close()
    except CrossnoteError as error:
        return _page(request, error)
    messages.success(request, _("Your archive is uploaded; it is being imported."))
    return redirect("imports:page")


@login_required
def progress(request: HttpRequest, job_id: int) -> HttpResponse:
    job = queries.access_job(request.user, job_id)
    context = {
        "job": job,
        "skipped": skipped_for_display(job.report or {}),
        "imported": imported_for_display(job.report or {}),
    }
    return render(request, "imports/partials/progress.html", context)


@login_required
def drafts(request: HttpRequest) -> HttpResponse:
    return render(request, "imports/drafts.html", {"notes": list(queries.drafts_of(request.user))})


@require_POST
@login_required
def publish(request: HttpRequest) -> HttpResponse:
    """Publish the drafts picked (`note` ids), or all of them (`all`)."""
    if request.POST.get("all"):
        note_ids = None
    else:
        note_ids = [i for i in (posted_id(v) for v in request.POST.getlist("note")) if i]
    try:
        count = check_publish_drafts(request.user, note_ids)
    except CrossnoteError as error:
        messages.error(request, error.message)
        return redirect("imports:drafts")
    messages.success(request, _("%(n)d notes are being published.") % {"n": count})
    return redirect("imports:drafts")


@login_required
def history(request: HttpRequest) -> HttpResponse:
    kind = HISTORY_KINDS.get(request.GET.get("kind", ""), ImportedItem.Kind.VIDEO_LINK)
    items = queries.history_of(request.user, kind)
    return render(request, "imports/history.html", {"items": items, "kind": kind})
