"""Server drafts: a half-written note kept for its author.

A draft is a `Note` in state DRAFT holding only the text fields (title, text, topic, kind,
place, audience): photos and videos are chosen again when it is published, which goes
through the ordinary `check_create_note` and then discards the draft. No tags, mentions,
search document, vector or counter is ever made for a draft, and it is never published
itself, so the one visibility rule (`notes.queries.visible_notes`, which lists PUBLISHED
notes only, and `access_note`, which opens other states to their author alone) keeps every
draft its author's: feeds, search, similar notes, profiles, tag pages and counts never see
one. Writes (`check_*`/`do_*`) and reads (`drafts_of`, `access_draft`) of drafts live here.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import Conflict, InvalidInput, NotFound
from crossnote.core.text import clean_text
from crossnote.moderation.permissions import ensure_can_act
from crossnote.notes import rules
from crossnote.notes.models import Kind, Note, Topic, Visibility
from crossnote.notes.queries import saved_drafts
from crossnote.relations.queries import is_authenticated

MAX_DRAFTS = 50
# The title column's size: a draft may be longer than a note's title rule (20 CJK / 40
# Latin) while being written, but not longer than what can be stored.
MAX_DRAFT_TITLE = Note._meta.get_field("title").max_length
FIELDS = ("title", "body", "topic", "kind", "place", "visibility")


def drafts_of(viewer: object) -> QuerySet[Note]:
    """The viewer's own drafts, last edited first; nobody else's, ever."""
    if not is_authenticated(viewer):
        return Note.objects.none()
    return saved_drafts(viewer.pk).order_by(  # type: ignore[attr-defined]
        "-updated_at", "-id"
    )


def access_draft(viewer: object, draft_id: int | None) -> Note:
    """One of the viewer's drafts, or NotFound (the same answer for someone else's)."""
    draft = drafts_of(viewer).filter(pk=draft_id).first() if draft_id else None
    if draft is None:
        raise NotFound(_("That draft is not there any more."), code="draft_not_found")
    return draft


def _check_fields(values: dict[str, str | None]) -> dict[str, str]:
    title = " ".join(clean_text(values.get("title") or "").split())
    if len(title) > MAX_DRAFT_TITLE:
        raise InvalidInput(
            _("A title can be at most 20 Chinese characters or 40 Latin letters long."),
            code="title_too_long",
        )
    fields = {
        "title": title,
        "body": rules.check_body(values.get("body") or ""),
        "topic": rules.check_topic(values.get("topic") or Topic.OTHER),
        "kind": rules.check_kind(values.get("kind") or Kind.NOTE),
        "place": rules.check_place(values.get("place") or ""),
        "visibility": rules.check_visibility(values.get("visibility") or Visibility.PUBLIC),
    }
    if not (fields["title"] or fields["body"].strip() or fields["place"]):
        raise InvalidInput(_("There is nothing to save yet."), code="empty_draft")
    return fields


def check_save_draft(
    author: User, values: dict[str, str | None], draft_id: int | None = None
) -> Note:
    """Save the compose form's text as a draft: a new one, or over `draft_id` (one of the
    author's drafts, else NotFound). InvalidInput for text that could never be stored;
    Conflict past MAX_DRAFTS. Returns the draft."""
    ensure_can_act(author)
    fields = _check_fields(values)
    with transaction.atomic():
        if draft_id is not None:
            draft = access_draft(author, draft_id)
            for name, value in fields.items():
                setattr(draft, name, value)
            draft.save(update_fields=[*fields, "updated_at"])
            return draft
        if drafts_of(author).count() >= MAX_DRAFTS:
            raise Conflict(
                _("You have %(max)d drafts. Publish or delete some first.") % {"max": MAX_DRAFTS},
                code="too_many_drafts",
            )
        return Note.objects.create(author=author, state=Note.State.DRAFT, **fields)


def do_discard_draft(author: User, draft_id: int | None) -> bool:
    """Delete one of the author's drafts (after publishing it, or when they throw it away).
    False when there was none: discarding twice is harmless."""
    if not draft_id:
        return False
    deleted, _rows = drafts_of(author).filter(pk=draft_id).delete()
    return bool(deleted)
