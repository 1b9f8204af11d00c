"""Server drafts: a person's half-written notes (notes.drafts), theirs alone.

A draft holds the text fields only; publish with POST /notes (photos or a video attached)
and then DELETE the draft. Someone else's draft is a 404, like a missing one."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from crossnote.api.auth import required
from crossnote.api.schemas import ERROR_CODES, DoneOut, ErrorOut
from crossnote.notes import drafts
from crossnote.notes.models import Note

router = Router(tags=["drafts"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


class DraftIn(Schema):
    title: str = Field("", max_length=2000)
    body: str = Field("", max_length=20000)
    topic: str = "other"
    kind: str = "note"
    place: str = Field("", max_length=2000)
    visibility: str = "public"


class DraftOut(Schema):
    id: int
    title: str
    body: str
    topic: str
    kind: str
    place: str
    visibility: str
    updated_at: datetime


def _out(draft: Note) -> dict:
    return {field: getattr(draft, field) for field in ("id", *drafts.FIELDS, "updated_at")}


@router.get("/me/drafts", response={200: list[DraftOut], **E}, auth=required)
def my_drafts(request: HttpRequest):
    """Your drafts, last edited first."""
    return [_out(d) for d in drafts.drafts_of(request.auth)]


@router.post("/me/drafts", response={201: DraftOut, **E}, auth=required)
def create_draft(request: HttpRequest, payload: DraftIn):
    """Keep a half-written note (400 `empty_draft` when there is no text at all)."""
    return Status(201, _out(drafts.check_save_draft(request.auth, payload.model_dump())))


@router.get("/me/drafts/{draft_id}", response={200: DraftOut, **E}, auth=required)
def get_draft(request: HttpRequest, draft_id: int):
    return _out(drafts.access_draft(request.auth, draft_id))


@router.put("/me/drafts/{draft_id}", response={200: DraftOut, **E}, auth=required)
def update_draft(request: HttpRequest, draft_id: int, payload: DraftIn):
    return _out(drafts.check_save_draft(request.auth, payload.model_dump(), draft_id))


@router.delete("/me/drafts/{draft_id}", response={200: DoneOut, **E}, auth=required)
def delete_draft(request: HttpRequest, draft_id: int):
    drafts.access_draft(request.auth, draft_id)
    drafts.do_discard_draft(request.auth, draft_id)
    return {"ok": True}
