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
QUIET_DAY_WINDOW = timedelta(days=7)
TRENDING_CACHE_SECONDS = 60


def get_tag(name: str) -> Hashtag:
    tag = Hashtag.objects.filter(key=tag_key(name.lstrip("#＃"))).first()
    if tag is None:
        raise NotFound()
    return tag


def _views_since(since_hours: int, limit: int, exclude: set[int]) -> dict[int, int]:
    since = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=since_hours)
    rows = (
        TagViewBucket.objects.filter(hour__gte=since)
        .exclude(tag_id__in=exclude)
        .values("tag_id")
        .annotate(recent=Sum("views"))
        .order_by("-recent", "tag_id")[:limit]
    )
    return {r["tag_id"]: r["recent"] for r in rows}


def trending_tags(limit: int = 20) -> list[dict]:
    """Tags by views in the last 24 hours, most first: [{tag, recent_views}]. On a quiet
    day (fewer than `limit` tags viewed) the list goes on with the rest of the week."""
    key = f"trending:{limit}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    recent = _views_since(int(TRENDING_WINDOW.total_seconds() // 3600), limit, set())
    if len(recent) < limit:
        recent |= _views_since(
            int(QUIET_DAY_WINDOW.total_seconds() // 3600), limit - len(recent), set(recent)
        )
    tags = Hashtag.objects.in_bulk(list(recent))
    result = [
        {"tag": tags[tid], "recent_views": views} for tid, views in recent.items() if tid in tags
    ]
    cache.set(key, result, TRENDING_CACHE_SECONDS)
    return result
