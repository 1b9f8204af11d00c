"""How hot a note is, for the Discover feed.

hot = ln(1 + 100 · engagement per view) + days since 2025-01-01 / FRESHNESS_DAYS

Engagement per view weighs a comment 3, a collect 2 and a like 1, and is smoothed (as if
every note started with 20 views and one like) so a single early like does not make a note
look perfect. The freshness term grows with publication time instead of decaying with age,
as Reddit's "hot" does: a note's score only changes when people engage with it, the order
is the same whenever it is read, and an index on the column serves the Discover pool.
Every FRESHNESS_DAYS of age is worth one unit: a note with engagement rate 1.7% (ln 2.7≈1)
stays level with an unengaged one three days younger.

A newcomer's first NEWCOMER_BOOSTED_NOTES notes (in their first 30 days) are published as
if NEWCOMER_BOOST_DAYS later: a measured head start that a day of age takes back, so a
first note is seen without outranking what people are actually engaging with.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from django.db.models import F, FloatField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Ln

from crossnote.accounts.models import NEWCOMER_PERIOD
from crossnote.notes.models import Note

FRESHNESS_DAYS = 3.0
NEWCOMER_BOOST_DAYS = 1.0
NEWCOMER_BOOSTED_NOTES = 3
SMOOTHING_VIEWS = 20.0
_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def freshness(published_at: datetime) -> float:
    return (published_at - _EPOCH).total_seconds() / 86400 / FRESHNESS_DAYS


def newcomer_boost(joined: datetime, published_before: int, now: datetime) -> float:
    """Freshness units added to a note whose author joined lately and has few notes yet."""
    if now - joined < NEWCOMER_PERIOD and published_before < NEWCOMER_BOOSTED_NOTES:
        return NEWCOMER_BOOST_DAYS / FRESHNESS_DAYS
    return 0.0


def hot_score(likes: int, collects: int, comments: int, views: int, freshness: float) -> float:
    """The score from counters and a stored `freshness` (see freshness and newcomer_boost)."""
    rate = (likes + 2 * collects + 3 * comments + 1) / (views + SMOOTHING_VIEWS)
    return math.log(1 + 100 * rate) + freshness


def hot_score_expression(new_views: int = 0) -> CombinedExpression:
    """The score as SQL over the note's own columns; `new_views` counts views being added in
    the same UPDATE (an UPDATE's expressions all see the row as it was)."""
    engagement = F("like_count") + 2 * F("collect_count") + 3 * F("comment_count") + 1
    views = Cast(F("view_count"), FloatField()) + (SMOOTHING_VIEWS + new_views)
    rate = Cast(engagement, FloatField()) / views
    return Ln(Value(1.0) + Value(100.0) * rate) + F("freshness")


def refresh_hot_score(note_id: int) -> None:
    """Recompute one note's score from its counters and stored freshness, in one UPDATE."""
    Note.objects.filter(pk=note_id).update(hot_score=hot_score_expression())
