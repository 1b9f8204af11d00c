"""Bare baselines: the least a Django view can do to answer the same page of 20 note cards.

Each bare view runs ONE raw SQL query (the Following baseline on the Redis timeline store also
reads the 20 newest ids from Redis first, as any implementation must) and returns id, title,
author username, cover photo fields and like count as JSON. No authentication (the viewer's
id is in the URL), no visibility rules, no "liked" flags, no schema validation: it is the
floor the real endpoints are compared with, through the same middleware stack.

The authenticated baseline (`following_authenticated`) first does what every signed-in
request must: it reads `Authorization: Bearer <token>` and looks the token up with the
app's own `user_for_token` (one query, plus the rare `last_used_at` write), then runs the
same raw query for that person. It is the floor for a feed that knows who is asking.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse

from crossnote.accounts.actions import user_for_token
from crossnote.feeds.stores import timeline_store

PAGE = 20
CARD_COLUMNS = (
    'n.id, n.title, u.username, p.grid, p."full", p.width, p.height, p.color, n.like_count'
)
CARD_JOINS = (
    "JOIN accounts_user u ON u.id = n.author_id LEFT JOIN media_photo p ON p.id = n.cover_id"
)
# Notes of followed authors too popular to be fanned out (read at request time by the app).
# CROSS JOIN makes SQLite start from the viewer's follows (without it, and without ANALYZE
# statistics, it walks the whole notes table backwards by id); PostgreSQL plans it freely.
PULLED = (
    "SELECT id FROM (SELECT n.id FROM relations_follow f"
    " CROSS JOIN accounts_user a CROSS JOIN notes_note n"
    " WHERE f.follower_id = %s AND a.id = f.followee_id AND a.follower_count > %s"
    " AND n.author_id = a.id AND n.state = 'published'"
    " AND n.visibility IN ('public', 'followers')"
    f" ORDER BY n.id DESC LIMIT {PAGE}) pulled"
)
FOLLOWING_DATABASE_SQL = (
    "WITH ids AS ("
    " SELECT note_id AS id FROM (SELECT note_id FROM feeds_timelineentry WHERE owner_id = %s"
    f" ORDER BY note_id DESC LIMIT {PAGE}) pushed UNION {PULLED})"
    f" SELECT {CARD_COLUMNS} FROM ids JOIN notes_note n ON n.id = ids.id {CARD_JOINS}"
    f" ORDER BY n.id DESC LIMIT {PAGE}"
)
FOLLOWING_REDIS_SQL = (
    "WITH ids AS (SELECT id FROM notes_note WHERE id IN ({pushed}) UNION " + PULLED + ")"
    f" SELECT {CARD_COLUMNS} FROM ids JOIN notes_note n ON n.id = ids.id {CARD_JOINS}"
    f" ORDER BY n.id DESC LIMIT {PAGE}"
)
DISCOVER_SQL = (
    f"SELECT {CARD_COLUMNS} FROM notes_note n {CARD_JOINS}"
    " WHERE n.state = 'published' AND n.visibility = 'public' AND n.author_id <> %s"
    f" ORDER BY n.hot_score DESC, n.id DESC LIMIT {PAGE}"
)


def _cards(sql: str, params: list) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    media = settings.MEDIA_URL
    items = [
        {
            "id": note_id,
            "title": title,
            "author": {"username": username},
            "cover": {
                "grid_url": media + grid if grid else "",
                "full_url": media + full if full else "",
                "width": width,
                "height": height,
                "color": color,
            },
            "like_count": likes,
        }
        for note_id, title, username, grid, full, width, height, color, likes in rows
    ]
    return JsonResponse({"items": items})


def following(request: HttpRequest, viewer_id: int) -> JsonResponse:
    limit = settings.CROSSNOTE_FANOUT_LIMIT
    if settings.CROSSNOTE_TIMELINE_STORE == "redis":
        pushed = timeline_store().page(viewer_id, None, PAGE) or [0]
        marks = ", ".join(str(int(i)) for i in pushed)
        return _cards(FOLLOWING_REDIS_SQL.format(pushed=marks), [viewer_id, limit])
    return _cards(FOLLOWING_DATABASE_SQL, [viewer_id, viewer_id, limit])


def following_authenticated(request: HttpRequest) -> JsonResponse:
    kind, _, token = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(token) if kind.lower() == "bearer" and token else None
    if user is None:
        return JsonResponse({"error": "unauthorized"}, status=401)
    return following(request, user.pk)


def discover(request: HttpRequest, viewer_id: int) -> JsonResponse:
    return _cards(DISCOVER_SQL, [viewer_id])
