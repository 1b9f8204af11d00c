"""Reads for hashtags: a tag by name, and the trending list."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from crossnote.core.errors import NotFound
from crossnote.tags.models import Hashtag, TagViewBucket
from crossnote.tags.parsing import tag_key

TRENDING_WINDOW = timedelta(hours=24)
TRENDING_CACHE_SECONDS = 60


def get_tag(name: str) -> Hashtag:
    tag = Hashtag.objects.filter(key=tag_key(name.lstrip("#＃"))).first()
    if tag is None:
        raise NotFound()
    return tag


def trending_tags(limit: int = 20) -> list[dict]:
    """Tags by views in the last 24 hours, most first: [{tag, recent_views}]."""
    key = f"trending:{limit}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    since = timezone.now() - TRENDING_WINDOW
    rows = (
        TagViewBucket.objects.filter(hour__gte=since.replace(minute=0, second=0, microsecond=0))
        .values("tag_id")
        .annotate(recent=Sum("views"))
        .order_by("-recent", "tag_id")[:limit]
    )
    recent = {r["tag_id"]: r["recent"] for r in rows}
    tags = Hashtag.objects.in_bulk(list(recent))
    result = [
        {"tag": tags[tid], "recent_views": views} for tid, views in recent.items() if tid in tags
    ]
    cache.set(key, result, TRENDING_CACHE_SECONDS)
    return result
