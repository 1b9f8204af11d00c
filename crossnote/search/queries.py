"""Search for notes and people. Results respect visibility, blocks and mutes exactly as
feeds do, because they are filtered through the same `feed_notes` query."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When

from crossnote.accounts.models import User
from crossnote.accounts.usernames import username_key
from crossnote.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from crossnote.core.text import nfkc
from crossnote.notes.models import Note
from crossnote.notes.queries import cards_in_order
from crossnote.relations.queries import blocked_either_way_ids, is_authenticated
from crossnote.search import backends
from crossnote.search.tokens import query_words

MAX_QUERY_LENGTH = 100
# Matches are fetched in batches and filtered for visibility until a page is full.
_BATCH = 60
_MAX_BATCHES = 4


def search_notes(viewer: object, q: str, cursor: str | None, limit: int | None) -> Page[Note]:
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "search:notes")
    offset = position["o"] if position else 0
    words = query_words(q[:MAX_QUERY_LENGTH])
    found: list[Note] = []
    exhausted = not words
    for _batch in range(_MAX_BATCHES):
        if exhausted or len(found) == size:
            break
        ids = backends.match(words, _BATCH, offset)
        exhausted = len(ids) < _BATCH
        visible = {n.pk: n for n in cards_in_order(viewer, ids)}
        for i, note_id in enumerate(ids):
            if note_id in visible:
                found.append(visible[note_id])
                if len(found) == size:
                    offset += i + 1
                    exhausted = exhausted and i + 1 == len(ids)
                    break
        else:
            offset += len(ids)
    next_cursor = None if exhausted else encode_cursor("search:notes", o=offset)
    return Page(found, next_cursor)


def search_users(viewer: object, q: str, cursor: str | None, limit: int | None) -> Page[User]:
    """People whose username or display name contains the query: exact username first, then
    usernames starting with it, then the rest; more followers first, newest on ties."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor, "search:users")
    offset = position["o"] if position else 0
    text = nfkc(q.strip().lstrip("@"))[:MAX_QUERY_LENGTH]
    if not text:
        return Page([], None)
    key = username_key(text)
    people = User.objects.filter(is_active=True).filter(
        Q(username_key__contains=key) | Q(display_name__icontains=text)
    )
    if is_authenticated(viewer):
        people = people.exclude(pk__in=blocked_either_way_ids(viewer.pk))  # type: ignore[attr-defined]
    people = (
        people.annotate(
            closeness=Case(
                When(username_key=key, then=Value(0)),
                When(username_key__startswith=key, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("closeness", "-follower_count", "-id")
        .select_related("avatar")
    )
    items = list(people[offset : offset + size + 1])
    more = len(items) > size
    return Page(items[:size], encode_cursor("search:users", o=offset + size) if more else None)
