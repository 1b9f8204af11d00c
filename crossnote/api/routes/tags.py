from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from crossnote.api.auth import optional
from crossnote.api.routes.users import note_page
from crossnote.api.schemas import ERROR_CODES, ErrorOut, NotePageOut, TagOut, TrendingTagOut
from crossnote.feeds.lists import tag_notes_page
from crossnote.tags.queries import get_tag, trending_tags
from crossnote.translation.pinyin import pinyin_of

router = Router(tags=["hashtags"])
E = dict.fromkeys(ERROR_CODES, ErrorOut)


def _tag(tag) -> dict:
    """A topic with its aliases' notes and views added in (when get_tag resolved it)."""
    return {
        "name": tag.name,
        "note_count": getattr(tag, "total_notes", tag.note_count),
        "view_count": getattr(tag, "total_views", tag.view_count),
        "aliases": getattr(tag, "alias_names", []),
        "pinyin": pinyin_of(tag.name),
    }


@router.get("/tags/trending", response={200: list[TrendingTagOut], **E}, auth=optional)
def trending(request: HttpRequest):
    """Hashtags by views in the last 24 hours."""
    return [
        {**_tag(row["tag"]), "view_count": row["total_views"], "recent_views": row["recent_views"]}
        for row in trending_tags()
    ]


@router.get("/tags/{name}", response={200: TagOut, **E}, auth=optional)
def tag(request: HttpRequest, name: str):
    return _tag(get_tag(name))


@router.get("/tags/{name}/notes", response={200: NotePageOut, **E}, auth=optional)
def tag_notes(request: HttpRequest, name: str, cursor: str | None = None, limit: int | None = None):
    return note_page(request, tag_notes_page(request.auth, get_tag(name), cursor, limit))
