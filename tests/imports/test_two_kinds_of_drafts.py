"""Drafts saved from the compose form and drafts imported from another platform share the
DRAFT state; each list and each way to publish takes only its own kind."""

from __future__ import annotations

from crossnote.notes.actions import check_publish_drafts
from crossnote.notes.drafts import check_save_draft, drafts_of
from crossnote.notes.models import Note
from crossnote.notes.queries import imported_drafts, saved_drafts


def test_publishing_imported_drafts_leaves_saved_ones_and_the_drafts_page_lists_only_saved(
    make_user,
):
    mei, _api = make_user("mei")
    saved = check_save_draft(mei, {"title": "half written", "body": "to be continued"})
    imported = Note.objects.create(  # as do_create_draft leaves one, photos aside
        author=mei, state=Note.State.DRAFT, title="From Instagram", original_platform="instagram"
    )
    assert list(saved_drafts(mei.pk)) == [saved]
    assert list(imported_drafts(mei.pk)) == [imported]
    assert list(drafts_of(mei)) == [saved]

    assert check_publish_drafts(mei) == 1  # "publish all" on the import review page
    saved.refresh_from_db()
    imported.refresh_from_db()
    assert saved.state == Note.State.DRAFT
    assert imported.state != Note.State.DRAFT
