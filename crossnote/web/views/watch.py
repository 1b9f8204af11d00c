"""Watch mode: one video note at a time, full screen; swipe or ↓ for the next, like TikTok.

The order is the viewer's visible video notes, newest first (the feed rule: blocks, mutes
and audiences apply); each page names the next and previous ones, so the sequence costs
two indexed queries a page and needs no state.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from crossnote.core.errors import NotFound
from crossnote.media.models import Video
from crossnote.notes.models import Note
from crossnote.notes.queries import access_note, visible_notes


def _video_notes(viewer: object) -> QuerySet[Note]:
    return visible_notes(viewer, hide_muted=True).filter(
        state=Note.State.PUBLISHED, video__state=Video.State.READY
    )


def watch_start(request: HttpRequest) -> HttpResponse:
    newest = _video_notes(request.user).order_by("-pk").values_list("pk", flat=True).first()
    if newest is None:
        return render(request, "web/watch.html", {"note": None})
    return redirect("web:watch", note_id=newest)


def watch(request: HttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id)
    video = Video.objects.filter(pk=note.video_id, state=Video.State.READY).first()
    if video is None:
        raise NotFound()
    notes = _video_notes(request.user).values_list("pk", flat=True)
    older = notes.filter(pk__lt=note.pk).order_by("-pk").first()
    newer = notes.filter(pk__gt=note.pk).order_by("pk").first()
    context = {"note": note, "video": video, "next_id": older, "prev_id": newer}
    return render(request, "web/watch.html", context)
