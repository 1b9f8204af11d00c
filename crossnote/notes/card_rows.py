"""Feed cards read with one raw SQL statement, for the hottest pages.

`notes.queries.as_cards` gives Note instances with their author, avatar and cover: right for
templates, but on a 20-card API page building those ~80 model instances and compiling the
queryset cost several times what the database did. A `CardRow` holds just what a card shows
(crossnote.api.present.note_card_row turns it into the API's card), read by a statement
built here around the caller's page of note ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from crossnote.accounts.models import newcomers_joined_after

# The viewer's likes are read with one range scan of their (user, note) index between the
# page's oldest and newest note, not one index probe per card: at 1M notes and 5M likes the
# probes were a third of the statement (~95 µs of ~310). A person with more than
# LIKED_SCAN_LIMIT likes in that range falls back to the probes, so the scan stays bounded.
LIKED_SCAN_LIMIT = 500
_LIKED = (
    "liked AS (SELECT note_id FROM engagement_like WHERE user_id = %s"
    " AND note_id BETWEEN (SELECT min(id) FROM page) AND (SELECT max(id) FROM page)"
    " LIMIT {limit})"
)

# The columns, in CardRow's field order. `page` is the caller's CTE of note ids; `liked`
# is _LIKED.
_SELECT = (
    "SELECT n.id, n.title, n.body, n.topic, n.kind, n.language, n.like_count, n.created_at,"
    " a.username, a.display_name, a.date_joined > %s, av.grid,"
    ' c.id, c.state, c.grid, c."full", c.width, c.height, c.color,'
    " v.id, v.state, v.hd, v.sd, v.poster, v.width, v.height, v.duration, v.color,"
    " CASE WHEN (SELECT count(*) FROM liked) < {limit} THEN n.id IN (SELECT note_id FROM liked)"
    " ELSE EXISTS (SELECT 1 FROM engagement_like l WHERE l.user_id = %s AND l.note_id = n.id)"
    " END"
    " FROM page JOIN notes_note n ON n.id = page.id"
    " JOIN accounts_user a ON a.id = n.author_id"
    " LEFT JOIN media_photo av ON av.id = a.avatar_id"
    " LEFT JOIN media_photo c ON c.id = n.cover_id"
    " LEFT JOIN media_video v ON v.id = n.video_id"
)


@dataclass(slots=True)
class CardRow:
    id: int
    title: str
    body: str
    topic: str
    kind: str
    language: str
    like_count: int
    created_at: datetime
    author_username: str
    author_display_name: str
    author_newcomer: bool
    avatar_grid: str | None  # None: no avatar
    cover_id: int | None  # None: no cover photo
    cover_state: str | None
    cover_grid: str | None
    cover_full: str | None
    cover_width: int | None
    cover_height: int | None
    cover_color: str | None
    video_id: int | None  # None: not a video note
    video_state: str | None
    video_hd: str | None
    video_sd: str | None
    video_poster: str | None
    video_width: int | None
    video_height: int | None
    video_duration: float | None
    video_color: str | None
    liked: bool
    filtered: str = ""  # set by moderation.filters.apply_filters

    @property
    def pk(self) -> int:
        return self.id


def _aware(value: datetime | str, tz: tzinfo) -> datetime:
    """What the ORM's converters do for a datetime column (SQLite hands back naive UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)  # type: ignore[assignment]
    if value.tzinfo is None:  # type: ignore[union-attr]
        # make_aware's own checks cost more than this, once per card; tz is UTC here.
        value = value.replace(tzinfo=tz)  # type: ignore[union-attr]
    return value  # type: ignore[return-value]


def card_rows(page_sql: str, params: list, viewer_id: int, limit: int) -> list[CardRow]:
    """The cards of the notes `page_sql` (a SELECT of note ids as `id`, with `params`)
    finds, newest first, at most `limit`; `liked` is the viewer's like. One query."""
    scan = int(LIKED_SCAN_LIMIT)
    liked, select = _LIKED.format(limit=scan), _SELECT.format(limit=scan)
    sql = f"WITH page AS ({page_sql}), {liked} {select} ORDER BY n.id DESC LIMIT {int(limit)}"
    # The newcomer badge is decided in the query: a join date made into an aware datetime
    # for one comparison cost more, 20 times a page, than the comparison in SQL.
    joined_after = connection.ops.adapt_datetimefield_value(newcomers_joined_after(timezone.now()))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, viewer_id, joined_after, viewer_id])
        rows = cursor.fetchall()
    tz = connection.timezone
    cards = []
    for row in rows:
        card = CardRow(*row[:28], liked=bool(row[28]))
        card.created_at = _aware(card.created_at, tz)
        card.author_newcomer = bool(card.author_newcomer)
        cards.append(card)
    return cards
