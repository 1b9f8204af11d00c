"""Turning rows into the API's shapes. Pure functions: every query happens before."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from crossnote.accounts.models import ApiToken, User
from crossnote.engagement.models import Board, Comment
from crossnote.media.models import Photo, Video
from crossnote.media.video_job import rendition_sizes
from crossnote.notes.card_rows import CardRow
from crossnote.notes.models import Note, NoteImage
from crossnote.notifications.grouping import summary
from crossnote.notifications.models import Notification
from crossnote.translation.pinyin import pinyin_of


def photo(p: Photo | None, alt_text: str = "") -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "state": p.state,
        "grid_url": p.url("grid"),
        "full_url": p.url("full"),
        "width": p.width,
        "height": p.height,
        "color": p.color,
        "alt_text": alt_text,
    }


def video_of(
    state: str, hd: str, sd: str, poster: str, size: tuple[int, int], duration: float, color: str
) -> dict[str, Any]:
    """A video note's video: its renditions (largest first), poster and duration."""
    files = {"hd": hd, "sd": sd}
    sizes = rendition_sizes(*size) if state == "ready" else {}
    media = settings.MEDIA_URL
    return {
        "kind": "video",
        "state": state,
        "duration": round(duration, 3),
        "width": size[0],
        "height": size[1],
        "color": color,
        "poster_url": f"{media}{poster}" if poster else "",
        "renditions": [
            {"name": name, "url": f"{media}{files[name]}", "width": w, "height": h}
            for name, (w, h) in sizes.items()
            if files[name]
        ],
    }


def video(v: Video | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return video_of(v.state, v.hd, v.sd, v.poster, (v.width, v.height), v.duration, v.color)


def author(u: User) -> dict[str, Any]:
    avatar = u.avatar.url("grid") if u.avatar_id and u.avatar else None
    return {
        "username": u.username,
        "display_name": u.shown_name,
        "display_name_pinyin": pinyin_of(u.shown_name),
        "avatar_url": avatar or None,
        "newcomer": u.is_newcomer,
    }


def note_card(n: Note) -> dict[str, Any]:
    """A feed card; `n` comes from notes.queries.as_cards, which sets `liked`."""
    return {
        "id": n.pk,
        "title": n.title,
        "topic": n.topic,
        "kind": n.kind,
        "language": n.language,
        "author": author(n.author),
        "cover": photo(n.cover),
        "video": video(n.video) if n.video_id else None,
        "like_count": n.like_count,
        "liked": bool(getattr(n, "liked", False)),
        "filtered": getattr(n, "filtered", ""),
        "answered": getattr(n, "answered", None),
        "created_at": n.created_at,
    }


def note_card_row(c: CardRow) -> dict[str, Any]:
    """`note_card` for a CardRow: the same dict, keys in the schema's order and every
    default filled in, so it can be sent without Ninja validating it again (see
    routes.feeds.following; tests compare both)."""
    shown = c.author_display_name or c.author_username
    media = settings.MEDIA_URL
    return {
        "id": c.id,
        "title": c.title,
        "topic": c.topic,
        "kind": c.kind,
        "language": c.language,
        "author": {
            "username": c.author_username,
            "display_name": shown,
            "display_name_pinyin": pinyin_of(shown),
            "avatar_url": f"{media}{c.avatar_grid}" if c.avatar_grid else None,
            "newcomer": c.author_newcomer,
            "guide_pairs": None,
        },
        "cover": None
        if c.cover_id is None
        else {
            "state": c.cover_state,
            "grid_url": f"{media}{c.cover_grid}" if c.cover_grid else "",
            "full_url": f"{media}{c.cover_full}" if c.cover_full else "",
            "width": c.cover_width,
            "height": c.cover_height,
            "color": c.cover_color,
            "alt_text": "",
        },
        "video": None
        if c.video_id is None
        else video_of(
            c.video_state or "",
            c.video_hd or "",
            c.video_sd or "",
            c.video_poster or "",
            (c.video_width or 0, c.video_height or 0),
            c.video_duration or 0.0,
            c.video_color or "",
        ),
        "like_count": c.like_count,
        "liked": c.liked,
        "filtered": c.filtered,
        "answered": None,
        "created_at": c.created_at,
    }


def note_cards(notes: list[Note]) -> list[dict[str, Any]]:
    return [note_card(n) for n in notes]


def note_detail(n: Note, liked: bool, collected: bool) -> dict[str, Any]:
    images: list[NoteImage] = list(n.images.all())
    return {
        **note_card(n),
        "liked": liked,
        "cover": photo(images[0].photo, images[0].alt_text) if images else None,
        "body": n.body,
        "place": n.place,
        "visibility": n.visibility,
        "state": n.state,
        "images": [photo(i.photo, i.alt_text) for i in images],
        "tags": [nt.tag.name for nt in sorted(n.note_tags.all(), key=lambda nt: nt.position)],
        "collect_count": n.collect_count,
        # The comments the viewer is shown (engagement.queries.shown_comment_count).
        "comment_count": getattr(n, "shown_comment_count", n.comment_count),
        "view_count": n.view_count,
        "collected": collected,
        "revision": n.revision,
        "published_at": n.published_at,
        "updated_at": n.updated_at,
        "original_posted_at": n.original_posted_at,
        "original_platform": n.original_platform,
    }


def user_card(u: User) -> dict[str, Any]:
    return {
        **author(u),
        "bio": u.bio,
        "bio_language": u.bio_language,
        "follower_count": u.follower_count,
    }


def user_full(u: User, relationship: dict[str, bool] | None, note_count: int) -> dict[str, Any]:
    """`u` carries `guide_pair_keys` (set by the caller) when its guide pairs are known.
    `note_count` is the count the viewer may see (notes.queries.shown_note_count)."""
    return {
        **user_card(u),
        "guide_pairs": getattr(u, "guide_pair_keys", None),
        "languages": u.languages,
        "is_private": u.is_private,
        "following_count": u.following_count,
        "note_count": note_count,
        "joined_at": u.date_joined,
        "relationship": relationship,
    }


def me(u: User) -> dict[str, Any]:
    return {
        **user_full(u, None, u.note_count),
        "email": u.email,
        "reading_language": u.reading_language,
        "auto_translate": u.auto_translate,
        "interests": u.interests,
        "onboarded": u.onboarded_at is not None,
        "guidelines_accepted_at": u.guidelines_accepted_at,
    }


def token(t: ApiToken) -> dict[str, Any]:
    return {
        "id": t.pk,
        "name": t.name,
        "prefix": t.prefix,
        "created_at": t.created_at,
        "last_used_at": t.last_used_at,
    }


def comment(c: Comment, liked: set[int]) -> dict[str, Any]:
    return {
        "id": c.pk,
        "author": author(c.author),
        "body": c.body,
        "language": c.language,
        "parent_id": c.parent_id,
        "reply_to": c.reply_to.username if c.reply_to_id and c.reply_to else None,
        "like_count": c.like_count,
        "reply_count": c.reply_count,
        "liked": c.pk in liked,
        "is_answer": c.is_answer,
        "filtered": getattr(c, "filtered", ""),
        "created_at": c.created_at,
        "replies": [comment(r, liked) for r in getattr(c, "shown_replies", [])],
    }


def board(b: Board) -> dict[str, Any]:
    """`b` comes from engagement.queries.boards_of, which counts the notes the viewer may see
    (`shown_note_count`); a board just made has none."""
    return {
        "id": b.pk,
        "name": b.name,
        "is_default": b.is_default,
        "is_private": b.is_private,
        "note_count": getattr(b, "shown_note_count", b.note_count),
    }


def notification(n: Notification) -> dict[str, Any]:
    excerpt = ""
    if n.text:  # a moderator's notice: what was done and why
        from crossnote.moderation.notices import shown_notice

        excerpt = shown_notice(n.text)
    elif n.comment_id and n.comment:
        excerpt = n.comment.body[:80]
    elif n.note_id and n.note:
        excerpt = (n.note.title or n.note.body)[:80]
    return {
        "id": n.pk,
        "kind": n.kind,
        "actor": author(n.actor),
        "note_id": n.note_id,
        "comment_id": n.comment_id,
        "excerpt": excerpt,
        "filtered": getattr(n, "filtered", ""),
        "created_at": n.created_at,
        "read": not getattr(n, "unread", n.read_at is None),
        "others": getattr(n, "others", 0),
        "summary": summary(n.kind, n.actor.shown_name, getattr(n, "others", 0)),
    }
