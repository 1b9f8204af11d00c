"""The Following feed: notes of the people you follow, newest first.

Most authors' notes are written into their followers' timelines when published
(fan-out on write, feeds.tasks). Authors with more followers than FANOUT_LIMIT are not:
their notes are pulled at read time and merged in, so one post never means a million writes.
"""

from __future__ import annotations

from django.conf import settings

from crossnote.accounts.models import User
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.feeds.stores import timeline_store
from crossnote.notes.models import Note, Visibility
from crossnote.notes.queries import cards_in_order
from crossnote.relations.models import Follow


def _pulled_ids(viewer: User, before: int | None, limit: int) -> list[int]:
    big = Follow.objects.filter(
        follower_id=viewer.pk, followee__follower_count__gt=settings.CROSSNOTE_FANOUT_LIMIT
    ).values_list("followee_id", flat=True)
    big_ids = list(big)
    if not big_ids:
        return []
    notes = Note.objects.filter(
        author_id__in=big_ids,
        state=Note.State.PUBLISHED,
        visibility__in=[Visibility.PUBLIC, Visibility.FOLLOWERS],
    )
    if before is not None:
        notes = notes.filter(pk__lt=before)
    return list(notes.order_by("-id").values_list("pk", flat=True)[:limit])


def following_page(viewer: User, cursor: str | None, limit: int | None) -> Page[Note]:
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "following")
    before = position["before"] if position else None
    pushed = timeline_store().page(viewer.pk, before, size + 1)
    ids = sorted(set(pushed) | set(_pulled_ids(viewer, before, size + 1)), reverse=True)
    window = ids[:size]
    more = len(ids) > size
    next_cursor = encode_cursor("following", before=window[-1]) if more and window else None
    return Page(cards_in_order(viewer, window), next_cursor)
