"""Notes, and what people do with them: like, collect, comment."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Form, Header, Router, Status, UploadedFile

from crossnote.api import present
from crossnote.api.auth import optional, required
from crossnote.api.schemas import (
    ERROR_CODES,
    CollectIn,
    CollectOut,
    CommentIn,
    CommentOut,
    CommentPageOut,
    DoneOut,
    ErrorOut,
    LikeOut,
    NoteEditIn,
    NoteOut,
    SimilarNotesOut,
    UserPageOut,
)
from crossnote.core.clients import client_address
from crossnote.engagement import actions as engagement
from crossnote.engagement.models import Comment
from crossnote.engagement.queries import (
    access_comment,
    access_comment_to_delete,
    comments_page,
    liked_comment_ids,
    likers_page,
    shown_comment_count,
)
from crossnote.engagement.view_counts import record_view
from crossnote.idempotency import actions as idempotency
from crossnote.moderation.filters import apply_filters
from crossnote.notes import actions
from crossnote.notes.models import Note
from crossnote.notes.queries import access_note, viewer_state, with_display_data
from crossnote.search.queries import SIMILAR_LIMIT, similar_notes

router = Router(tags=["notes"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


def _detail(request: HttpRequest, note_id: int) -> dict:
    notes = with_display_data(Note.objects.filter(pk=note_id))
    note = notes.annotate(shown_comment_count=shown_comment_count(request.auth)).get()
    liked, collected = viewer_state(request.auth, [note.pk])
    return present.note_detail(note, note.pk in liked, note.pk in collected)


IDEMPOTENCY_KEY = Header(
    None,
    alias="Idempotency-Key",
    description="Send the same key again (within 24 hours, with the same content) and the "
    "answer names what the first request created instead of creating it twice.",
)


@router.post("/notes", response={201: NoteOut, **E}, auth=required)
def create_note(
    request: HttpRequest,
    images: File[list[UploadedFile]] = None,  # type: ignore[assignment]
    title: Form[str] = "",
    body: Form[str] = "",
    topic: Form[str] = "other",
    kind: Form[str] = "note",
    place: Form[str] = "",
    visibility: Form[str] = "public",
    alt_text: Form[list[str]] = None,  # type: ignore[assignment]
    video_upload: Form[str] = "",
    idempotency_key: str | None = IDEMPOTENCY_KEY,
):
    """Post a note with 1–18 photos (multipart). It is published once its photos are made:
    `state` is `processing` until then. `kind` is `note`, `guide` (volunteer guides only) or
    `question` ("ask a local": may have no photos, and is published at once then).
    Or, instead of photos, one video: `video_upload` is the address (or token) of a finished
    resumable upload (`POST /api/v1/uploads`, tus 1.0); its renditions are made in the
    background the same way."""
    fields = {
        "title": title,
        "body": body,
        "topic": topic,
        "kind": kind,
        "place": place,
        "visibility": visibility,
    }
    if video_upload:  # the token of a finished upload (POST /api/v1/uploads, tus)
        fields["video_upload"] = video_upload.rstrip("/").rsplit("/", 1)[-1]
    files = images or []
    alt_texts = alt_text or []
    note_id, again = actions.check_create_note_once(
        request.auth, idempotency_key, fields, files, alt_texts, client_address(request)
    )
    if again:
        access_note(request.auth, note_id)  # the note may have been deleted since
    return Status(201, _detail(request, note_id))


@router.get("/notes/{note_id}", response={200: NoteOut, **E}, auth=optional)
def get_note(request: HttpRequest, note_id: int):
    """A note. Reading it counts a view (once per viewer per 30 minutes)."""
    note = access_note(request.auth, note_id)
    if note.state == Note.State.PUBLISHED:
        key = engagement.viewer_key(
            request.auth, client_address(request), request.headers.get("User-Agent", "")
        )
        record_view(note, key)
    return _detail(request, note.pk)


@router.patch("/notes/{note_id}", response={200: NoteOut, **E}, auth=required)
def edit_note(request: HttpRequest, note_id: int, payload: NoteEditIn):
    actions.check_edit_note(request.auth, note_id, payload.model_dump(exclude_unset=True))
    return _detail(request, note_id)


@router.delete("/notes/{note_id}", response={200: DoneOut, **E}, auth=required)
def delete_note(request: HttpRequest, note_id: int):
    actions.check_delete_note(request.auth, note_id)
    return {"ok": True}


def _like_answer(note_id: int, liked: bool) -> dict:
    return {
        "liked": liked,
        "like_count": Note.objects.values_list("like_count", flat=True).get(pk=note_id),
    }


@router.post("/notes/{note_id}/like", response={200: LikeOut, **E}, auth=required)
def like(request: HttpRequest, note_id: int):
    note = access_note(request.auth, note_id)
    engagement.do_like(request.auth, note)
    return _like_answer(note.pk, True)


@router.delete("/notes/{note_id}/like", response={200: LikeOut, **E}, auth=required)
def unlike(request: HttpRequest, note_id: int):
    note = access_note(request.auth, note_id)
    engagement.do_unlike(request.auth, note)
    return _like_answer(note.pk, False)


@router.get("/notes/{note_id}/similar", response={200: SimilarNotesOut, **E}, auth=optional)
def similar(request: HttpRequest, note_id: int, limit: int = SIMILAR_LIMIT):
    """More like this: notes close in meaning to this one, in English or Chinese, that you
    may see; at most one per author, none by the note's own author. `limit` is clamped to
    1–20."""
    note = access_note(request.auth, note_id)
    notes = similar_notes(request.auth, note, limit)
    return {"items": present.note_cards(apply_filters(request.auth, notes))}


@router.get("/notes/{note_id}/likes", response={200: UserPageOut, **E}, auth=optional)
def list_likers(
    request: HttpRequest, note_id: int, cursor: str | None = None, limit: int | None = None
):
    """Who liked the note, most recent first. People you do not see (blocked either way,
    muted, or banned) are left out, so the list can be shorter than `like_count`."""
    note = access_note(request.auth, note_id)
    page = likers_page(request.auth, note, cursor, limit)
    return {"items": [present.user_card(u) for u in page.items], "next_cursor": page.next_cursor}


def _collect_answer(note_id: int, board_id: int | None) -> dict:
    count = Note.objects.values_list("collect_count", flat=True).get(pk=note_id)
    return {"collected": board_id is not None, "board_id": board_id, "collect_count": count}


@router.post("/notes/{note_id}/collect", response={200: CollectOut, **E}, auth=required)
def collect(request: HttpRequest, note_id: int, payload: CollectIn | None = None):
    """Keep the note in a board: your default board unless `board_id` says another."""
    note = access_note(request.auth, note_id)
    row = engagement.do_collect(request.auth, note, payload.board_id if payload else None)
    return _collect_answer(note.pk, row.board_id)


@router.delete("/notes/{note_id}/collect", response={200: CollectOut, **E}, auth=required)
def uncollect(request: HttpRequest, note_id: int):
    note = access_note(request.auth, note_id)
    engagement.do_uncollect(request.auth, note)
    return _collect_answer(note.pk, None)


@router.get("/notes/{note_id}/comments", response={200: CommentPageOut, **E}, auth=optional)
def list_comments(
    request: HttpRequest, note_id: int, cursor: str | None = None, limit: int | None = None
):
    """Top-level comments, oldest first, each with its first replies."""
    note = access_note(request.auth, note_id)
    page = comments_page(request.auth, note, cursor, limit)
    liked = liked_comment_ids(request.auth, page.items)
    return {
        "items": [present.comment(c, liked) for c in page.items],
        "next_cursor": page.next_cursor,
    }


@router.post("/notes/{note_id}/comments", response={201: CommentOut, **E}, auth=required)
def add_comment(
    request: HttpRequest,
    note_id: int,
    payload: CommentIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
):
    note = access_note(request.auth, note_id)
    comment_id, again = idempotency.run_once(
        request.auth,
        idempotency.check_key(idempotency_key),
        "comment",
        lambda: idempotency.fingerprint("comment", {"note": note.pk, **payload.model_dump()}),
        lambda once: (
            engagement.check_comment(
                request.auth,
                note,
                payload.body,
                payload.parent_id,
                client_address(request),
                confirmed=payload.confirm,
                once=once,
            ).pk
        ),
    )
    liked: set[int] = set()
    if again:  # the comment may have been deleted, or liked, since
        liked = liked_comment_ids(request.auth, [access_comment(request.auth, note, comment_id)])
    comment = Comment.objects.select_related("author__avatar", "reply_to").get(pk=comment_id)
    return Status(201, present.comment(comment, liked))


@router.delete(
    "/notes/{note_id}/comments/{comment_id}", response={200: DoneOut, **E}, auth=required
)
def delete_comment(request: HttpRequest, note_id: int, comment_id: int):
    note = access_note(request.auth, note_id)
    engagement.check_delete_comment(
        request.auth, access_comment_to_delete(request.auth, note, comment_id)
    )
    return {"ok": True}


@router.post(
    "/notes/{note_id}/comments/{comment_id}/like", response={200: DoneOut, **E}, auth=required
)
def like_comment(request: HttpRequest, note_id: int, comment_id: int):
    note = access_note(request.auth, note_id)
    engagement.do_like_comment(request.auth, access_comment(request.auth, note, comment_id))
    return {"ok": True}


@router.delete(
    "/notes/{note_id}/comments/{comment_id}/like", response={200: DoneOut, **E}, auth=required
)
def unlike_comment(request: HttpRequest, note_id: int, comment_id: int):
    note = access_note(request.auth, note_id)
    engagement.do_unlike_comment(request.auth, access_comment(request.auth, note, comment_id))
    return {"ok": True}
