"""The Following feed: notes of the people you follow, newest first.

Most authors' notes are written into their followers' timelines when published
(fan-out on write, feeds.tasks). Authors with more followers than FANOUT_LIMIT are not:
their notes are pulled at read time and merged in, so one post never means a million writes.

Which notes a follower may see is simpler than `visible_notes`: public and followers-only
notes of people they follow (a block ends follows both ways, so no block check is needed),
minus people they muted and people who are banned. With timelines in the database, entries
and notes are read in one query; with Redis, a page of ids comes from Redis first.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from crossnote.accounts.models import User
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.feeds.stores import timeline_store
from crossnote.notes.models import Note, Visibility
from crossnote.notes.queries import as_cards
from crossnote.relations.models import Follow, Mute

PULL_AUTHORS_SECONDS = 300


def _pull_authors_key(viewer_id: int) -> str:
    return f"pull-authors:{viewer_id}"


def forget_pull_authors(viewer_id: int) -> None:
    """Called when the viewer follows or unfollows someone."""
    cache.delete(_pull_authors_key(viewer_id))


def pull_author_ids(viewer_id: int) -> list[int]:
    """Followed authors too popular to fan out; cached, as the answer rarely changes."""

    def find() -> list[int]:
        big = Follow.objects.filter(
            follower_id=viewer_id, followee__follower_count__gt=settings.CROSSNOTE_FANOUT_LIMIT
        )
        return list(big.values_list("followee_id", flat=True))

    return cache.get_or_set(_pull_authors_key(viewer_id), find, PULL_AUTHORS_SECONDS)


def following_notes(viewer: User) -> QuerySet[Note]:
    followed = Follow.objects.filter(follower_id=viewer.pk).values("followee_id")
    muted = Mute.objects.filter(muter_id=viewer.pk).values("muted_id")
    return Note.objects.filter(
        state=Note.State.PUBLISHED,
        visibility__in=[Visibility.PUBLIC, Visibility.FOLLOWERS],
        author_id__in=followed,
        author__is_active=True,  # a banned person's follows stay, for an unban to restore
    ).exclude(author_id__in=muted)


def _newest(notes: QuerySet[Note], before: int | None, count: int) -> QuerySet[Note]:
    if before is not None:
        notes = notes.filter(pk__lt=before)
    return notes.order_by("-id")[:count]


def following_page(viewer: User, cursor: str | None, limit: int | None) -> Page[Note]:
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "following")
    before = position["before"] if position else None
    store = timeline_store()
    visible = following_notes(viewer)
    timeline = store.note_ids_query(viewer.pk)
    if timeline is not None:
        pushed = visible.filter(pk__in=timeline)
    else:
        pushed = visible.filter(pk__in=store.page(viewer.pk, before, size + 1))
    pulled = pull_author_ids(viewer.pk)
    if pulled:
        # Two sources: find the page's ids in each, then read only those cards.
        ids = [*_newest(pushed, before, size + 1).values_list("pk", flat=True)]
        ids += _newest(visible.filter(author_id__in=pulled), before, size + 1).values_list(
            "pk", flat=True
        )
        top = sorted(set(ids), reverse=True)[: size + 1]
        notes = list(as_cards(Note.objects.filter(pk__in=top), viewer).order_by("-id"))
    else:
        notes = list(as_cards(_newest(pushed, before, size + 1), viewer))
    window = notes[:size]
    more = len(notes) > size
    next_cursor = encode_cursor("following", before=window[-1].pk) if more and window else None
    return Page(window, next_cursor)
