"""Exports: ask for a ZIP of everything one owns, follow it, download it (the owner only)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from ninja import Router, Status

from crossnote.api.auth import required
from crossnote.api.schemas import ERROR_CODES, ErrorOut, ExportOut
from crossnote.exports import actions, files
from crossnote.exports.models import Export
from crossnote.exports.queries import exports_of

router = Router(tags=["exports"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


def _out(export: Export) -> dict:
    ready = export.state == Export.State.READY
    return {
        "id": export.pk,
        "state": export.state,
        "created_at": export.created_at,
        "finished_at": export.finished_at,
        "expires_at": export.expires_at,
        "size": export.size,
        "download_url": f"/api/v1/exports/{export.pk}/download" if ready else None,
    }


@router.post("/exports", response={202: ExportOut, **E}, auth=required)
def request_export(request: HttpRequest):
    """Build a ZIP of everything the person owns, in the background (docs/EXPORT-FORMAT.md).
    While one is being built, asking again returns it. At most 5 a day."""
    export, _new = actions.check_request_export(request.auth)
    return Status(202, _out(export))


@router.get("/exports", response={200: list[ExportOut], **E}, auth=required)
def list_exports(request: HttpRequest):
    """The person's exports that have not expired, newest first."""
    return [_out(e) for e in exports_of(request.auth)]


@router.get("/exports/{export_id}", response={200: ExportOut, **E}, auth=required)
def get_export(request: HttpRequest, export_id: int):
    return _out(actions.access_export(request.auth, export_id))


@router.get(
    "/exports/{export_id}/download",
    response={200: None, **E},
    auth=required,
    openapi_extra={"responses": {200: {"content": {"application/zip": {}}}}},
)
def download_export(request: HttpRequest, export_id: int):
    """The ZIP, once ready: 409 export_not_ready before, 404 for anyone but its owner."""
    export = actions.access_ready_export(request.auth, export_id)
    response = FileResponse(
        files.export_path(export).open("rb"),
        as_attachment=True,
        filename=f"crossnote-{request.auth.username}-{export.pk}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
