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
    """The topic a tag name stands for: the tag itself, or the canonical tag of an alias.
    `group_ids` (the tag and its aliases) and merged `total_notes` / `total_views` are set."""
    tag = (
        Hashtag.objects.select_related("canonical").filter(key=tag_key(name.lstrip("#＃"))).first()
    )
    if tag is None:
        raise NotFound()
    topic = tag.canonical or tag
    group = [topic, *Hashtag.objects.filter(canonical=topic)]
    topic.group_ids = [t.pk for t in group]
    topic.alias_names = [t.name for t in group if t.pk != topic.pk]
    topic.total_notes = sum(t.note_count for t in group)
    topic.total_views = sum(t.view_count for t in group)
    return topic


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
    hours = int(TRENDING_WINDOW.total_seconds() // 3600)
    recent = _views_since(hours, limit * 2, set())
    if len(recent) < limit:
        week = int(QUIET_DAY_WINDOW.total_seconds() // 3600)
        recent |= _views_since(week, limit * 2, set(recent))
    tags = Hashtag.objects.in_bulk(list(recent))
    merged: dict[int, int] = {}  # an alias's views count for its canonical tag
    for tid, views in recent.items():
        if tid in tags:
            topic = tags[tid].canonical_id or tid
            merged[topic] = merged.get(topic, 0) + views
    topics = Hashtag.objects.in_bulk(list(merged))
    ranked = sorted(merged.items(), key=lambda item: (-item[1], item[0]))[:limit]
    result = [{"tag": topics[tid], "recent_views": views} for tid, views in ranked]
    cache.set(key, result, TRENDING_CACHE_SECONDS)
    return result
