"""A note's page and what people do there: like, collect, comment; and composing a note."""

from __future__ import annotations

import secrets

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossnote.core.clients import client_address
from crossnote.core.errors import CrossnoteError
from crossnote.engagement import actions as engagement
from crossnote.engagement.models import Comment
from crossnote.engagement.queries import (
    access_comment,
    access_comment_to_delete,
    board_of_note,
    boards_of,
    comments_page,
    liked_comment_ids,
    likers_page,
    shown_comment_count,
)
from crossnote.engagement.view_counts import record_view
from crossnote.guides.queries import guide_languages, has_guide_answer
from crossnote.moderation.filters import apply_filters
from crossnote.moderation.permissions import ensure_can_act
from crossnote.notes import actions, drafts
from crossnote.notes.compose_fields import compose_errors
from crossnote.notes.models import Kind, Note, Topic, Visibility
from crossnote.notes.queries import access_note, viewer_state, with_display_data
from crossnote.notes.rules import MAX_IMAGES
from crossnote.search.queries import similar_notes
from crossnote.translation import service
from crossnote.web import sharing
from crossnote.web.formatting import mentions_in
from crossnote.web.views.common import is_htmx, posted_id
from crossnote.web.views.translation import note_translation_context

# Which form field an action's error belongs beside.
FIELD_OF_ERROR = {
    "title_too_long": "title",
    "body_too_long": "body",
    "empty_note": "body",
    "invalid_topic": "topic",
    "place_too_long": "place",
    "invalid_visibility": "visibility",
    "invalid_kind": "kind",
    "not_a_guide": "kind",
    "no_images": "images",
    "too_many_images": "images",
    "image_too_large": "images",
    "image_too_many_pixels": "images",
    "image_corrupt": "images",
    "not_an_image": "images",
    "invalid_alt_text": "images",
    "request_too_large": "images",
}


def _note_context(request: HttpRequest, note: Note) -> dict:
    notes = with_display_data(Note.objects.filter(pk=note.pk))
    note = notes.annotate(shown_comment_count=shown_comment_count(request.user)).get()
    liked, collected = viewer_state(request.user, [note.pk])
    page = comments_page(request.user, note, request.GET.get("cursor"), None)
    boards = boards_of(request.user, request.user) if request.user.is_authenticated else []
    texts = [c.body for c in page.items] + [r.body for c in page.items for r in c.shown_replies]
    return {
        "mentions": mentions_in(note.body, *texts),
        "note": note,
        "images": list(note.images.all()),
        "tags": [nt.tag for nt in sorted(note.note_tags.all(), key=lambda nt: nt.position)],
        "liked": note.pk in liked,
        "collected": note.pk in collected,
        "comments": page.items,
        "comments_next": page.next_cursor,
        "liked_comments": liked_comment_ids(request.user, page.items),
        "boards": boards,
        "collected_board": board_of_note(request.user, note.pk),
        "has_answer": has_guide_answer(note),
    }


def detail(request: HttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id)
    if note.state == Note.State.DRAFT and not note.original_platform:
        # Only its author gets here: continue writing it (an imported draft shows as a note,
        # with its photos and a Publish button).
        return redirect(reverse("web:compose") + f"?draft={note.pk}")
    if note.state == Note.State.PUBLISHED:
        key = engagement.viewer_key(
            request.user, client_address(request), request.headers.get("User-Agent", "")
        )
        record_view(note, key)
    context = {**_note_context(request, note), **note_translation_context(request, note)}
    context["preview"] = sharing.note_preview(request, context["note"], context["images"])
    context["share_url"] = sharing.share_url(request, "web:note", note.pk)
    if getattr(request.user, "auto_translate", False):
        # "Always translate": the note and its comments arrive translated, originals a tap away.
        if context["can_translate"]:
            translated = service.translate("note", [context["source"]], context["target"])
            context["auto_translation"] = translated.get(note.pk)
        sources = service.comment_sources(context["comments"])
        context["translations"] = service.translate("comment", sources, context["target"])
    if is_htmx(request) and request.GET.get("cursor"):
        return render(request, "web/partials/comment_list.html", context)
    return render(request, "web/note.html", context)


def similar(request: HttpRequest, note_id: int) -> HttpResponse:
    """More like this: notes close in meaning, either language. The note page loads the
    cards with htmx when the section scrolls into view; a small page without htmx."""
    note = access_note(request.user, note_id)
    notes = apply_filters(request.user, similar_notes(request.user, note))
    context = {"note": note, "notes": notes, "show_language": True}
    template = "web/partials/similar.html" if is_htmx(request) else "web/similar.html"
    return render(request, template, context)


def likers(request: HttpRequest, note_id: int) -> HttpResponse:
    """Who liked the note (people the viewer does not see are left out): the list alone for
    htmx (the note page loads it when opened), a small page otherwise."""
    note = access_note(request.user, note_id)
    page = likers_page(request.user, note, request.GET.get("cursor"), None)
    context = {"note": note, "people": page.items, "next_cursor": page.next_cursor}
    template = "web/partials/likers.html" if is_htmx(request) else "web/likers.html"
    return render(request, template, context)


@login_required
@require_POST
def like(request: HttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id)
    if request.POST.get("undo"):
        engagement.do_unlike(request.user, note)
    else:
        engagement.do_like(request.user, note)
    note.refresh_from_db(fields=["like_count"])
    context = {"note": note, "liked": not request.POST.get("undo")}
    if is_htmx(request):
        return render(request, "web/partials/like_button.html", context)
    return redirect("web:note", note_id=note.pk)


@login_required
@require_POST
def collect(request: HttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id)
    if request.POST.get("undo"):
        engagement.do_uncollect(request.user, note)
        collected = False
    else:
        board = request.POST.get("board")
        board_id = posted_id(board)
        if board == "new":  # "New board" in the collect menu: make it, collect into it
            name = request.POST.get("new_board_name", "")
            board_id = engagement.do_create_board(request.user, name).pk
        engagement.do_collect(request.user, note, board_id)
        collected = True
    note.refresh_from_db(fields=["collect_count"])
    context = {
        "note": note,
        "collected": collected,
        "boards": boards_of(request.user, request.user),
        "collected_board": board_of_note(request.user, note.pk),
    }
    if is_htmx(request):
        return render(request, "web/partials/collect_button.html", context)
    return redirect("web:note", note_id=note.pk)


@login_required
@require_POST
def comment(request: HttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id)
    parent_id = posted_id(request.POST.get("parent"))
    # A refused comment raises; CrossnoteErrorMiddleware shows why, in the page's flash area.
    created = engagement.check_comment(
        request.user,
        note,
        request.POST.get("body", ""),
        parent_id,
        client_address(request),
        confirmed=request.POST.get("confirm") == "1",
    )
    if not is_htmx(request):
        return redirect(reverse("web:note", args=[note.pk]) + f"#comment-{created.pk}")
    created = Comment.objects.select_related("author__avatar", "reply_to").get(pk=created.pk)
    template = "web/partials/reply.html" if created.parent_id else "web/partials/comment.html"
    context = {
        "c": created,
        "note": note,
        "liked_comments": set(),
        "mentions": mentions_in(created.body),
    }
    counted = Note.objects.filter(pk=note.pk).annotate(n=shown_comment_count(request.user))
    summary = {
        "note": note,
        "comment_count": counted.values_list("n", flat=True).get(),
        "has_answer": has_guide_answer(note),
    }
    return HttpResponse(
        render_to_string(template, context, request)
        + render_to_string("web/partials/comment_summary.html", summary, request)
    )


@login_required
@require_POST
def delete_comment(request: HttpRequest, note_id: int, comment_id: int) -> HttpResponse:
    note = access_note(request.user, note_id)
    engagement.check_delete_comment(
        request.user, access_comment_to_delete(request.user, note, comment_id)
    )
    if is_htmx(request):
        return HttpResponse("")
    return redirect("web:note", note_id=note.pk)


@login_required
@require_POST
def like_comment(request: HttpRequest, note_id: int, comment_id: int) -> HttpResponse:
    note = access_note(request.user, note_id)
    target = access_comment(request.user, note, comment_id)
    liked = not request.POST.get("undo")
    if liked:
        engagement.do_like_comment(request.user, target)
    else:
        engagement.do_unlike_comment(request.user, target)
    target.refresh_from_db(fields=["like_count"])
    if is_htmx(request):
        return render(
            request,
            "web/partials/comment_like.html",
            {"c": target, "note": note, "comment_liked": liked},
        )
    return redirect("web:note", note_id=note.pk)


@login_required
@require_POST
def delete(request: HttpRequest, note_id: int) -> HttpResponse:
    actions.check_delete_note(request.user, note_id)
    return redirect("web:profile", username=request.user.username)


def _compose_context(request: HttpRequest, values: dict, errors: dict) -> dict:
    kinds = [(k, label) for k, label in Kind.choices if k != Kind.GUIDE]
    if guide_languages(request.user):
        kinds = list(Kind.choices)
    return {
        "kinds": kinds,
        "topics": Topic.choices,
        "visibilities": Visibility.choices,
        "values": values,
        "errors": errors,
        "max_images": MAX_IMAGES,
        "draft_count": drafts.drafts_of(request.user).count(),
    }


def _new_form_token() -> str:
    # The form's idempotency key: sending the form twice (a double click, a resent POST)
    # makes one note. It stays the same while the form comes back with errors.
    return secrets.token_urlsafe(24)


def _publish(request: HttpRequest, values: dict, token: str | None) -> int:
    """Create the note the compose form describes, once per form token; its id. Every
    problem with the text is found at once first (compose_errors), then the action decides."""
    files = request.FILES.getlist("images")
    ensure_can_act(request.user)  # a suspended person hears that first, as from the action
    errors = compose_errors(request.user, values, len(files), bool(values.get("video_upload")))
    if errors:
        raise FormErrors(errors)
    alt_texts = request.POST.getlist("alt_text")[: len(files)]
    note_id, _again = actions.check_create_note_once(
        request.user, token, values, files, alt_texts, client_address(request)
    )
    return note_id


class FormErrors(CrossnoteError):
    """Several fields refused at once: {field: message}; the first one's status and code."""

    def __init__(self, errors: dict[str, CrossnoteError]) -> None:
        first = next(iter(errors.values()))
        super().__init__(first.message, code=first.code)
        self.status = first.status
        self.errors = {field: error.message for field, error in errors.items()}


def _compose_start(request: HttpRequest) -> HttpResponse:
    """A new compose form, or one holding a server draft (?draft=id, the author's only)."""
    kind = request.GET.get("kind", Kind.NOTE)
    values = {"topic": Topic.OTHER, "visibility": Visibility.PUBLIC, "kind": kind}
    draft_id = posted_id(request.GET.get("draft"))
    if request.GET.get("draft") is not None:
        draft = drafts.access_draft(request.user, draft_id)
        values = {
            **values,
            **{field: getattr(draft, field) for field in drafts.FIELDS},
            "draft_id": draft.pk,
            "draft_saved_at": int(draft.updated_at.timestamp() * 1000),
        }
    values["form_token"] = _new_form_token()
    return render(request, "web/compose.html", _compose_context(request, values, {}))


@login_required
def compose(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _compose_start(request)
    fields = ("title", "body", "topic", "kind", "place", "visibility")
    values = {k: request.POST.get(k, "") for k in fields}
    values["kind"] = values["kind"] or Kind.NOTE
    if request.POST.get("video_upload"):  # a finished resumable upload's address (video.js)
        values["video_upload"] = request.POST["video_upload"].rstrip("/").rsplit("/", 1)[-1]
    token = request.POST.get("form_token") or None
    draft_id = posted_id(request.POST.get("draft_id"))
    try:
        note_id = _publish(request, values, token)
    except CrossnoteError as exc:
        field = FIELD_OF_ERROR.get(exc.code, "form")
        if exc.code.startswith(("video_", "upload_")) or exc.code == "not_a_video":
            field = "video"
            if exc.code != "upload_incomplete":  # a refused upload is gone: pick another
                values.pop("video_upload", None)
        errors = getattr(exc, "errors", None) or {field: exc.message}
        values["form_token"] = token
        values["draft_id"] = draft_id
        if exc.code in ("idempotency_key_reused", "invalid_idempotency_key"):
            # The form was sent before with other content (edited after going back): it
            # becomes a new form, so publishing again makes a new note.
            errors["form"] = _(
                "This form already posted a note. Publish again to post this as a new one."
            )
            values["form_token"] = _new_form_token()
        status = exc.status if exc.status in (403, 413) else 400  # 403: suspended
        template = "web/partials/compose_form.html" if is_htmx(request) else "web/compose.html"
        return render(request, template, _compose_context(request, values, errors), status=status)
    drafts.do_discard_draft(request.user, draft_id)  # published: the draft has done its work
    url = reverse("web:note", args=[note_id])
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
