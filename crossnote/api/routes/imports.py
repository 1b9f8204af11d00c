"""Bringing one's life from Instagram and TikTok: upload an archive, follow its import,
review the drafts it made, find the people followed there."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from crossnote.api import present
from crossnote.api.auth import required
from crossnote.api.schemas import (
    ERROR_CODES,
    ErrorOut,
    HistoryItemOut,
    ImportJobOut,
    NoteCardOut,
    PublishDraftsIn,
    PublishedOut,
    SuggestionOut,
)
from crossnote.core.errors import InvalidInput
from crossnote.imports import actions, queries, uploads
from crossnote.imports.models import ImportJob
from crossnote.imports.report import skipped_for_display
from crossnote.notes.actions import check_publish_drafts

router = Router(tags=["imports"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)
HISTORY_KINDS = ("video_link", "comment", "hashtag")


def job_out(job: ImportJob) -> dict:
    report = job.report or None
    return {
        "id": job.pk,
        "platform": job.platform,
        "state": job.state,
        "total": job.total,
        "done": job.done,
        "percent": job.percent,
        "error": job.error_code,
        "message": job.error_message,
        "report": (
            {
                "imported": report.get("imported", {}),
                "already": report.get("already", 0),
                "skipped": skipped_for_display(report),
            }
            if report
            else None
        ),
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


# The body is read by the route itself (streamed to disk under a size cap), so Ninja does
# not parse it; this tells the OpenAPI document what to send.
ARCHIVE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"archive": {"type": "string", "format": "binary"}},
                    "required": ["archive"],
                }
            }
        },
    }
}


@router.post(
    "/imports", response={202: ImportJobOut, **E}, auth=required, openapi_extra=ARCHIVE_BODY
)
def start_import(request: HttpRequest):
    """Upload an Instagram or TikTok export (multipart, field `archive`: the ZIP, or
    TikTok's JSON file). It is imported in the background: poll `GET /imports/{id}`.
    Posts become drafts only you see until you publish them (`POST /imports/drafts/publish`).
    Refused at once (4xx, nothing kept): not a ZIP or not an export (415), over
    CROSSNOTE_IMPORT_MAX_UPLOAD_BYTES (413), unsafe member names, links, nested or encrypted
    archives (400), another import still running (409). A zip bomb or a damaged member
    makes the import fail with a reason before anything is made."""
    uploads.prepare(request)
    path, name, handle = uploads.received_archive(request)
    try:
        job = actions.check_start_import(request.auth, path, name)
    finally:
        handle.close()
    return Status(202, job_out(job))


@router.get("/imports", response={200: list[ImportJobOut], **E}, auth=required)
def list_imports(request: HttpRequest):
    return [job_out(job) for job in queries.jobs_of(request.auth)]


@router.get("/imports/drafts", response={200: list[NoteCardOut], **E}, auth=required)
def drafts(request: HttpRequest):
    """Your imported notes waiting to be published, oldest first (at most 200)."""
    return [present.note_card(note) for note in queries.drafts_of(request.auth)]


@router.post("/imports/drafts/publish", response={200: PublishedOut, **E}, auth=required)
def publish_drafts(request: HttpRequest, body: PublishDraftsIn):
    """Publish all your drafts, or those named. Each is published once its photos are made."""
    return {"published": check_publish_drafts(request.auth, body.note_ids)}


@router.get("/imports/suggestions", response={200: list[SuggestionOut], **E}, auth=required)
def suggestions(request: HttpRequest):
    """People here you followed on Instagram or TikTok (same username, or their linked
    account). Follow them with `POST /users/{username}/follow` if you like."""
    return [
        {"person": present.user_card(person), "platform": platform}
        for person, platform in queries.suggestions_for(request.auth)
    ]


@router.get("/imports/history", response={200: list[HistoryItemOut], **E}, auth=required)
def history(request: HttpRequest, kind: str = "video_link"):
    """What your archives brought that is kept for you alone: TikTok video links
    (`video_link`), your comments there (`comment`), favourite hashtags (`hashtag`)."""
    if kind not in HISTORY_KINDS:
        raise InvalidInput(code="invalid_kind")
    return [
        {"kind": item.kind, **{k: str(item.data.get(k, "")) for k in ("text", "link", "date")}}
        for item in queries.history_of(request.auth, kind)
    ]


@router.get("/imports/{job_id}", response={200: ImportJobOut, **E}, auth=required)
def get_import(request: HttpRequest, job_id: int):
    return job_out(queries.access_job(request.auth, job_id))
