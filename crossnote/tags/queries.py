"""Reads for hashtags: a tag by name, the trending list, and the tags awaiting review.

When the site requires review (moderation.SiteSettings), only topics (canonical tags) a
moderator approved trend; an alias trends, or not, with its canonical tag.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from crossnote.core.errors import NotFound
from crossnote.moderation.permissions import ensure_moderator
from crossnote.moderation.queries import hashtags_need_review
from crossnote.tags.models import Hashtag, TagViewBucket
from crossnote.tags.parsing import tag_key

TRENDING_WINDOW = timedelta(hours=24)
QUIET_DAY_WINDOW = timedelta(days=7)
TRENDING_CACHE_SECONDS = 60
# Part of every trending cache key; a review changes it, so the list is made afresh.
TRENDING_VERSION_KEY = "trending:version"


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


def _topic_in(states: list[str]) -> Q:
    """Bucket rows whose topic (the tag, or an alias's canonical tag) is in a review state."""
    return Q(tag__canonical__isnull=True, tag__review_state__in=states) | Q(
        tag__canonical__review_state__in=states
    )


def _views_since(since_hours: int, limit: int, exclude: set[int], where: Q) -> dict[int, int]:
    since = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=since_hours)
    rows = (
        TagViewBucket.objects.filter(where, hour__gte=since)
        .exclude(tag_id__in=exclude)
        .values("tag_id")
        .annotate(recent=Sum("views"))
        .order_by("-recent", "tag_id")[:limit]
    )
    return {r["tag_id"]: r["recent"] for r in rows}


def _ranked(limit: int, states: list[str] | None) -> list[dict]:
    """Topics by views in the last 24 hours (then the week, on a quiet day), only those in
    `states` when given: [{tag, recent_views}]."""
    where = Q() if states is None else _topic_in(states)
    hours = int(TRENDING_WINDOW.total_seconds() // 3600)
    recent = _views_since(hours, limit * 2, set(), where)
    if len(recent) < limit:
        week = int(QUIET_DAY_WINDOW.total_seconds() // 3600)
        recent |= _views_since(week, limit * 2, set(recent), where)
    tags = Hashtag.objects.in_bulk(list(recent))
    merged: dict[int, int] = {}  # an alias's views count for its canonical tag
    for tid, views in recent.items():
        if tid in tags:
            topic = tags[tid].canonical_id or tid
            merged[topic] = merged.get(topic, 0) + views
    topics = Hashtag.objects.in_bulk(list(merged))
    ranked = sorted(merged.items(), key=lambda item: (-item[1], item[0]))[:limit]
    # All-time views of a topic are its own and its aliases', as on the topic's page.
    totals: dict[int, int] = {}
    group = Q(pk__in=[tid for tid, _v in ranked]) | Q(canonical_id__in=[tid for tid, _v in ranked])
    for tid, canonical, views in Hashtag.objects.filter(group).values_list(
        "pk", "canonical_id", "view_count"
    ):
        totals[canonical or tid] = totals.get(canonical or tid, 0) + views
    return [
        {"tag": topics[tid], "recent_views": views, "total_views": totals.get(tid, 0)}
        for tid, views in ranked
    ]


def trending_tags(limit: int = 20) -> list[dict]:
    """Tags by views in the last 24 hours, most first: [{tag, recent_views}]. On a quiet
    day (fewer than `limit` tags viewed) the list goes on with the rest of the week. When the
    site requires review, only approved topics."""
    review = hashtags_need_review()
    version = cache.get_or_set(TRENDING_VERSION_KEY, 0, None)
    key = f"trending:{version}:{int(review)}:{limit}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = _ranked(limit, [Hashtag.Review.APPROVED] if review else None)
    cache.set(key, result, TRENDING_CACHE_SECONDS)
    return result


def forget_trending() -> None:
    """Make the next trending_tags() call rank afresh (after a review or a settings change)."""
    cache.set(TRENDING_VERSION_KEY, (cache.get(TRENDING_VERSION_KEY) or 0) + 1, None)


def tags_awaiting_review(moderator: object, limit: int = 20) -> list[dict]:
    """Topics that would trend if approved and no moderator has reviewed yet, most viewed
    first: [{tag, recent_views}] (with `alias_names` set on each tag). Empty while the site
    does not require review. Raises Forbidden for anyone but moderators."""
    ensure_moderator(moderator)
    if not hashtags_need_review():
        return []
    ranked = _ranked(limit, [Hashtag.Review.PENDING, Hashtag.Review.APPROVED])
    rows = [row for row in ranked if row["tag"].review_state == Hashtag.Review.PENDING]
    aliases: dict[int, list[str]] = {}
    for alias in Hashtag.objects.filter(canonical__in=[row["tag"] for row in rows]):
        aliases.setdefault(alias.canonical_id, []).append(alias.name)
    for row in rows:
        row["tag"].alias_names = sorted(aliases.get(row["tag"].pk, []))
    return rows


def access_tag_for_review(moderator: object, name: str) -> Hashtag:
    """The topic a tag name stands for (an alias's canonical tag), for a moderator to review.
    Raises Forbidden for anyone but moderators, NotFound for an unknown tag."""
    ensure_moderator(moderator)
    tag = (
        Hashtag.objects.select_related("canonical").filter(key=tag_key(name.lstrip("#＃"))).first()
    )
    if tag is None:
        raise NotFound(_("There is no hashtag #%(name)s.") % {"name": name.lstrip("#＃")})
    return tag.canonical or tag
