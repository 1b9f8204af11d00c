"""Server drafts on the web: the list of one's drafts, saving the compose form's text as a
draft (drafts.js calls it with fetch; without scripts it is the form's "Save draft" button),
and throwing a draft away. A draft is its author's alone (notes.drafts)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossnote.core.errors import CrossnoteError
from crossnote.notes import drafts
from crossnote.web.views.common import posted_id


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def draft_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/drafts.html", {"drafts": list(drafts.drafts_of(request.user))})


@login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    """Save the compose form's text as a draft (over its draft_id when it has one). JSON for
    scripts ({"id", "saved_at", "message"} or {"error", "message"}); else back to the form."""
    values = {field: request.POST.get(field) for field in drafts.FIELDS}
    draft_id = posted_id(request.POST.get("draft_id"))
    try:
        draft = drafts.check_save_draft(request.user, values, draft_id)
    except CrossnoteError as exc:
        if _wants_json(request):
            return JsonResponse({"error": exc.code, "message": exc.message}, status=exc.status)
        raise
    said = _("Draft saved. Find it under Drafts.")
    if _wants_json(request):
        saved_at = int(draft.updated_at.timestamp() * 1000)
        return JsonResponse({"id": draft.pk, "saved_at": saved_at, "message": said})
    messages.success(request, said)
    return redirect(reverse("web:compose") + f"?draft={draft.pk}")


@login_required
@require_POST
def discard(request: HttpRequest, draft_id: int) -> HttpResponse:
    drafts.access_draft(request.user, draft_id)  # someone else's: 404
    drafts.do_discard_draft(request.user, draft_id)
    messages.success(request, _("Draft deleted."))
    return redirect("web:drafts")
