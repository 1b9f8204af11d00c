"""The benchmark's viewers: who they are, their API tokens and their Following timelines.

Timelines are materialised only for the sampled viewers, never for all people: each holds
the newest TIMELINE_LENGTH (800) published, non-private note ids of the people they follow,
leaving out authors above CROSSNOTE_FANOUT_LIMIT (the app pulls those at read time), which
is what fan-out on write would have left there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from bench.generate import STAR_USERNAME
from crossnote.accounts.actions import do_create_token
from crossnote.accounts.models import ApiToken, User
from crossnote.feeds.stores import RedisTimelineStore, timeline_store

TOKEN_NAME = "bench"  # noqa: S105 - the name of the API tokens, not a secret
# CROSS JOIN fixes the join order on SQLite: follows, then each followee's notes through the
# (author_id, id) index. Left to itself without statistics, SQLite walks the whole notes
# table instead. PostgreSQL plans it freely.
FOLLOWED_NOTES_SQL = (
    "SELECT n.id, n.author_id FROM relations_follow f"
    " CROSS JOIN accounts_user u CROSS JOIN notes_note n"
    " WHERE f.follower_id = %s AND u.id = f.followee_id AND u.follower_count <= %s"
    " AND n.author_id = u.id AND n.state = 'published'"
    " AND n.visibility IN ('public', 'followers')"
    " ORDER BY n.id DESC LIMIT %s"
)


def sample_viewers(count: int) -> tuple[list[int], int]:
    """`count` people whose following count is closest to the median, and that median.
    Ties are broken by a fixed shuffle of ids so the sample is spread over the id range."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM accounts_user")
        (people,) = cursor.fetchone()
        cursor.execute(
            "SELECT following_count FROM accounts_user ORDER BY following_count LIMIT 1 OFFSET %s",
            [people // 2],
        )
        (median,) = cursor.fetchone()
        cursor.execute(
            "SELECT id FROM accounts_user WHERE username <> %s"
            " ORDER BY ABS(following_count - %s), (id * 7919) %% 10007, id LIMIT %s",
            [STAR_USERNAME, median, count],
        )
        return [row[0] for row in cursor.fetchall()], median


def issue_tokens(user_ids: list[int]) -> dict[int, str]:
    """A fresh API token per user (earlier benchmark tokens are revoked)."""
    ApiToken.objects.filter(name=TOKEN_NAME).delete()
    users = User.objects.in_bulk(user_ids)
    return {uid: do_create_token(users[uid], TOKEN_NAME)[1] for uid in user_ids}


def materialise_timelines(viewer_ids: list[int]) -> int:
    """(Re)write each viewer's Following timeline; returns how many entries were written."""
    store = timeline_store()
    length = settings.CROSSNOTE_TIMELINE_LENGTH
    limit = settings.CROSSNOTE_FANOUT_LIMIT
    written = 0
    with connection.cursor() as cursor:
        for viewer in viewer_ids:
            if isinstance(store, RedisTimelineStore):
                cursor.execute(FOLLOWED_NOTES_SQL, [viewer, limit, length])
                ids = [row[0] for row in cursor.fetchall()]
                key = store._key(viewer)  # one ZADD per viewer instead of one per entry
                store.client.delete(key)
                if ids:
                    store.client.zadd(key, {i: i for i in ids})
                written += len(ids)
            else:
                cursor.execute("DELETE FROM feeds_timelineentry WHERE owner_id = %s", [viewer])
                cursor.execute(
                    "INSERT INTO feeds_timelineentry (owner_id, note_id, author_id)"
                    f" SELECT %s, id, author_id FROM ({FOLLOWED_NOTES_SQL}) t",
                    [viewer, viewer, limit, length],
                )
                written += cursor.rowcount
    return written


def star() -> User:
    return User.objects.get(username=STAR_USERNAME)
