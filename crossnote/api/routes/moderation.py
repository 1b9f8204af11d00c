"""Reporting notes, comments and people; moderators' queue, actions and hashtag reviews."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from crossnote.accounts.queries import access_user
from crossnote.api.auth import required
from crossnote.api.schemas import ERROR_CODES, ErrorOut
from crossnote.core.clients import client_address
from crossnote.core.errors import InvalidInput
from crossnote.engagement.queries import access_comment
from crossnote.moderation.actions import (
    access_report,
    check_moderate,
    check_report,
    check_restore,
)
from crossnote.moderation.models import Report
from crossnote.moderation.permissions import ensure_moderator
from crossnote.notes.queries import access_note
from crossnote.tags.actions import check_review_tag
from crossnote.tags.queries import access_tag_for_review, tags_awaiting_review

router = Router(tags=["safety"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


class ReportIn(Schema):
    about: Literal["note", "comment", "person"]
    note_id: int | None = Field(None, description="For a note, or the note a comment is on.")
    comment_id: int | None = None
    username: str | None = Field(None, description="For a person.", max_length=100)
    reason: str = Field(
        description="spam, harassment, hate, nudity, violence, misinformation, other"
    )
    text: str = Field("", max_length=5000)
    block: bool = Field(False, description="Also block the person, in the same step.")


class ReportOut(Schema):
    id: int
    state: str
    blocked: bool


@router.post("/reports", response={201: ReportOut, **E}, auth=required)
def report(request: HttpRequest, payload: ReportIn):
    """Report a note, a comment or a person to the moderators ("report and block" is
    `block: true`). You can only report what you can see."""
    note = comment = None
    if payload.about in ("note", "comment"):
        if payload.note_id is None:
            raise InvalidInput("note_id is required.", code="invalid_input")
        note = access_note(request.auth, payload.note_id)
        person = note.author
        if payload.about == "comment":
            if payload.comment_id is None:
                raise InvalidInput("comment_id is required.", code="invalid_input")
            comment = access_comment(request.auth, note, payload.comment_id)
            person = comment.author
    else:
        if not payload.username:
            raise InvalidInput("username is required.", code="invalid_input")
        person = access_user(request.auth, payload.username)
    filed = check_report(
        request.auth,
        person=person,
        reason=payload.reason,
        text=payload.text,
        note_id=note.pk if note else None,
        comment_id=comment.pk if comment else None,
        block=payload.block,
        address=client_address(request),
    )
    return Status(201, {"id": filed.pk, "state": filed.state, "blocked": payload.block})


class QueueItemOut(Schema):
    id: int
    reason: str
    text: str = Field(description="What the reporter wrote.")
    state: str
    reporter: str
    person: str
    note_id: int | None
    note_excerpt: str = Field(description="The reported note's title and text, or the thread's.")
    comment_id: int | None
    comment_text: str
    created_at: datetime


class ActionIn(Schema):
    kind: Literal["hide", "remove", "warn", "suspend", "ban", "dismiss"]
    reason: str = Field(max_length=2000, description="Shown to the person concerned.")
    days: int | None = Field(None, description="For a suspension: 1 to 365.")


class ActionOut(Schema):
    id: int
    kind: str
    report_state: str


def _queue_item(r: Report) -> dict:
    note_text = f"{r.note.title}\n{r.note.body}".strip() if r.note else ""
    return {
        "id": r.pk,
        "reason": r.reason,
        "text": r.text,
        "state": r.state,
        "reporter": r.reporter.username,
        "person": r.person.username,
        "note_id": r.note_id,
        "note_excerpt": note_text[:300],
        "comment_id": r.comment_id,
        "comment_text": r.comment.body if r.comment else "",
        "created_at": r.created_at,
    }


@router.get("/moderation/reports", response={200: list[QueueItemOut], **E}, auth=required)
def queue(request: HttpRequest, state: Literal["open", "actioned", "dismissed"] = "open"):
    """The report queue, oldest first, with each report's context. Moderators only."""
    ensure_moderator(request.auth)
    reports = Report.objects.filter(state=state).select_related(
        "reporter", "person", "note", "comment"
    )
    return [_queue_item(r) for r in reports.order_by("id")[:100]]


@router.post(
    "/moderation/reports/{report_id}/actions", response={201: ActionOut, **E}, auth=required
)
def act(request: HttpRequest, report_id: int, payload: ActionIn):
    """Hide, remove, warn, suspend, ban or dismiss. Recorded in the audit log; the person is
    notified with the reason."""
    action = check_moderate(request.auth, report_id, payload.kind, payload.reason, payload.days)
    report = access_report(request.auth, report_id)
    return Status(201, {"id": action.pk, "kind": action.kind, "report_state": report.state})


class RestoreIn(Schema):
    kind: Literal["unban", "unsuspend"] = Field(description="What to lift.")
    reason: str = Field(max_length=2000, description="The person reads it.")


class RestoreOut(Schema):
    id: int = Field(description="The audit log entry.")
    kind: str


@router.post(
    "/moderation/people/{username}/restore", response={201: RestoreOut, **E}, auth=required
)
def restore(request: HttpRequest, username: str, payload: RestoreIn):
    """Lift a person's ban or suspension. Recorded in the audit log; the person is told why.
    Moderators only."""
    action = check_restore(request.auth, username, payload.kind, payload.reason)
    return Status(201, {"id": action.pk, "kind": action.kind})


class TagReviewItemOut(Schema):
    name: str
    recent_views: int = Field(description="Views in the last 24 hours (or the week).")
    aliases: list[str] = Field(description="Other names of the topic; they follow its review.")
    review_state: str = Field(description="pending")


class TagReviewIn(Schema):
    decision: str = Field(description="approve or reject", max_length=20)
    reason: str = Field("", max_length=2000, description="For the audit log; optional.")


class TagReviewOut(Schema):
    name: str = Field(description="The topic reviewed: the canonical tag when given an alias.")
    review_state: str = Field(description="approved or rejected")
    action_id: int = Field(description="The audit log entry.")


@router.get("/moderation/tags", response={200: list[TagReviewItemOut], **E}, auth=required)
def tags_to_review(request: HttpRequest):
    """Hashtags that would trend but no moderator has reviewed, most viewed first. Empty
    unless the site requires review before trending. Moderators only."""
    return [
        {
            "name": row["tag"].name,
            "recent_views": row["recent_views"],
            "aliases": row["tag"].alias_names,
            "review_state": row["tag"].review_state,
        }
        for row in tags_awaiting_review(request.auth)
    ]


@router.post("/moderation/tags/{name}/review", response={200: TagReviewOut, **E}, auth=required)
def review_tag(request: HttpRequest, name: str, payload: TagReviewIn):
    """Approve a hashtag for the trending list, or keep it out. Reviewing an alias reviews
    its canonical tag. Recorded in the audit log. Moderators only."""
    action = check_review_tag(request.auth, name, payload.decision, payload.reason)
    topic = access_tag_for_review(request.auth, name)
    return {"name": topic.name, "review_state": topic.review_state, "action_id": action.pk}
