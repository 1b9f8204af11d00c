"""Keeping Following timelines in step with notes and follows, in the background."""

from __future__ import annotations

from django.conf import settings
from huey import crontab

from crossnote.core.tasks import background, periodic
from crossnote.feeds.stores import timeline_store
from crossnote.notes.models import Note, Visibility
from crossnote.relations.models import Follow

BACKFILL_NOTES = 40


def is_pull_author(follower_count: int) -> bool:
    """Authors this popular are read at request time instead of written into timelines."""
    return follower_count > settings.CROSSNOTE_FANOUT_LIMIT


def _follower_ids(author_id: int) -> list[int]:
    return list(Follow.objects.filter(followee_id=author_id).values_list("follower_id", flat=True))


@background()
def fan_out_note(note_id: int) -> int:
    """Write a newly published note into its author's followers' timelines.
    Returns how many timelines were written (0 for private notes and pull authors)."""
    note = (
        Note.objects.filter(pk=note_id, state=Note.State.PUBLISHED)
        .select_related("author")
        .only("pk", "visibility", "author__follower_count", "author_id")
        .first()
    )
    if note is None or note.visibility == Visibility.PRIVATE:
        return 0
    if is_pull_author(note.author.follower_count):
        return 0
    return timeline_store().push_to_followers(note.pk, note.author_id)


@periodic(crontab(hour="4", minute="40"))
def trim_timelines() -> None:
    """Keep each database timeline to its newest TIMELINE_LENGTH entries."""
    timeline_store().trim(settings.CROSSNOTE_TIMELINE_LENGTH)


@background()
def backfill_timeline(follower_id: int, followee_id: int) -> None:
    """A new follow brings the followee's recent notes into the follower's timeline."""
    recent = (
        Note.objects.filter(
            author_id=followee_id,
            state=Note.State.PUBLISHED,
            visibility__in=[Visibility.PUBLIC, Visibility.FOLLOWERS],
            author__follower_count__lte=settings.CROSSNOTE_FANOUT_LIMIT,
        )
        .order_by("-id")
        .values_list("pk", flat=True)[:BACKFILL_NOTES]
    )
    store = timeline_store()
    for note_id in recent:
        store.push(note_id, followee_id, [follower_id])


@background()
def drop_author_from_timeline(owner_id: int, author_id: int) -> None:
    """After an unfollow or a block, the author's notes leave the owner's timeline."""
    note_ids = list(
        Note.objects.filter(author_id=author_id)
        .order_by("-id")
        .values_list("pk", flat=True)[: settings.CROSSNOTE_TIMELINE_LENGTH]
    )
    timeline_store().remove_author(owner_id, author_id, note_ids)


@background()
def forget_note(note_id: int, author_id: int) -> None:
    """A deleted note leaves every timeline it was written into."""
    timeline_store().forget_note(note_id, _follower_ids(author_id))


@background()
def refresh_note_in_timelines(note_id: int) -> None:
    """After a visibility change: a note made private leaves timelines, others are (re)added."""
    note = Note.objects.filter(pk=note_id).values("author_id", "visibility").first()
    if note is None:
        return
    if note["visibility"] == Visibility.PRIVATE:
        timeline_store().forget_note(note_id, _follower_ids(note["author_id"]))
    else:
        fan_out_note.call_local(note_id)
