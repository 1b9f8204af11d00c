"""Writes for hashtags: attaching them to notes, counting their views, and moderators'
reviews of which tags may trend."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.core.errors import InvalidInput
from crossnote.core.tasks import enqueue_on_commit
from crossnote.core.text import clean_text
from crossnote.moderation.models import ModerationAction
from crossnote.tags.models import AliasSuggestion, Hashtag, NoteTag, TagViewBucket
from crossnote.tags.parsing import tag_key
from crossnote.tags.queries import access_tag_for_review, forget_trending

if TYPE_CHECKING:
    from crossnote.accounts.models import User


def get_or_create_tags(names: Sequence[str]) -> list[Hashtag]:
    """Hashtag rows for `names`, in order, creating the ones that are new."""
    keys = [tag_key(n) for n in names]
    existing = {t.key: t for t in Hashtag.objects.filter(key__in=keys)}
    tags = []
    for name, key in zip(names, keys, strict=True):
        tag = existing.get(key)
        if tag is None:
            try:
                with transaction.atomic():
                    tag = Hashtag.objects.create(name=name, key=key)
                from crossnote.tags import tasks

                enqueue_on_commit(tasks.suggest_aliases, tag.pk)
            except IntegrityError:  # created meanwhile by another note
                tag = Hashtag.objects.get(key=key)
            existing[key] = tag
        tags.append(tag)
    return tags


def set_note_tags(note_id: int, names: Sequence[str]) -> tuple[set[int], set[int]]:
    """Make the note's tags exactly `names`. Returns (added tag ids, removed tag ids)."""
    tags = get_or_create_tags(names)
    wanted = {t.pk: i for i, t in enumerate(tags)}
    current = set(NoteTag.objects.filter(note_id=note_id).values_list("tag_id", flat=True))
    removed = current - set(wanted)
    added = set(wanted) - current
    NoteTag.objects.filter(note_id=note_id, tag_id__in=removed).delete()
    NoteTag.objects.bulk_create(
        [NoteTag(note_id=note_id, tag_id=tid, position=wanted[tid]) for tid in added]
    )
    for tid in set(wanted) & current:
        NoteTag.objects.filter(note_id=note_id, tag_id=tid).update(position=wanted[tid])
    return added, removed


def do_make_alias(tag: Hashtag, canonical: Hashtag) -> None:
    """Make `tag` another name of `canonical`'s topic (its own aliases follow it), and drop
    the suggestions that decided it."""
    with transaction.atomic():
        fresh = Hashtag.objects.select_related("canonical").get(pk=canonical.pk)
        topic = fresh.canonical or fresh
        if topic.pk == tag.pk:  # already one topic, named by `tag`: nothing to do
            AliasSuggestion.objects.filter(tag=tag, canonical=canonical).delete()
            return
        Hashtag.objects.filter(canonical=tag).update(canonical=topic)
        Hashtag.objects.filter(pk=tag.pk).update(canonical=topic)
        AliasSuggestion.objects.filter(tag=tag).delete()


def adjust_note_counts(tag_ids: Iterable[int], delta: int) -> None:
    ids = list(tag_ids)
    if ids:
        Hashtag.objects.filter(pk__in=ids).update(note_count=F("note_count") + delta)


def record_tag_views(tag_ids: Iterable[int], at: datetime) -> None:
    """One more view for each tag, in its total and in the current hour's bucket."""
    ids = sorted(set(tag_ids))
    if not ids:
        return
    hour = at.replace(minute=0, second=0, microsecond=0)
    Hashtag.objects.filter(pk__in=ids).update(view_count=F("view_count") + 1)
    table = TagViewBucket._meta.db_table
    rows = ", ".join(["(%s, %s, 1)"] * len(ids))
    params = [value for tid in ids for value in (tid, hour)]
    # One statement for every tag: SQLite (3.24+) and PostgreSQL both speak ON CONFLICT.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (tag_id, hour, views) VALUES {rows}"  # noqa: S608
            f" ON CONFLICT (tag_id, hour) DO UPDATE SET views = {table}.views + 1",
            params,
        )


REVIEW_DECISIONS = {
    "approve": Hashtag.Review.APPROVED,
    "reject": Hashtag.Review.REJECTED,
}


def check_review_tag(
    moderator: User, name: str, decision: str, reason: str = ""
) -> ModerationAction:
    """Approve a hashtag for the trending list, or keep it out ("approve" / "reject"), with an
    optional reason for the audit log. An alias's review is its canonical tag's. Raises
    Forbidden for anyone but moderators, NotFound for an unknown tag, InvalidInput for an
    unknown decision or a reason over 1,000 characters."""
    tag = access_tag_for_review(moderator, name)
    if decision not in REVIEW_DECISIONS:
        raise InvalidInput(_("Choose approve or reject."), code="invalid_decision")
    reason = clean_text(reason)
    if len(reason) > 1000:
        raise InvalidInput(_("A reason has at most 1,000 characters."), code="reason_too_long")
    return do_review_tag(moderator, tag, REVIEW_DECISIONS[decision], reason)


def do_review_tag(moderator: User, tag: Hashtag, state: str, reason: str) -> ModerationAction:
    """Set the topic's review state, record it in the audit log, and re-rank trending."""
    kind = (
        ModerationAction.Kind.APPROVE_TAG
        if state == Hashtag.Review.APPROVED
        else ModerationAction.Kind.REJECT_TAG
    )
    with transaction.atomic():
        Hashtag.objects.filter(pk=tag.pk).update(
            review_state=state, reviewed_by=moderator, reviewed_at=timezone.now()
        )
        action = ModerationAction.objects.create(
            moderator=moderator, kind=kind, tag_id=tag.pk, excerpt=f"#{tag.name}", reason=reason
        )
        transaction.on_commit(forget_trending)
    forget_trending()  # at once too, for callers inside a longer transaction (the admin)
    tag.review_state = state
    return action


def record_tag_view_counts(counts: Mapping[tuple[int, datetime], int]) -> None:
    """Many views at once: `counts[(tag id, hour)]` more views for each tag, in its total and
    in that hour's bucket (the batched form of record_tag_views)."""
    if not counts:
        return
    totals: Counter[int] = Counter()
    for (tag_id, _hour), amount in counts.items():
        totals[tag_id] += amount
    by_amount: dict[int, list[int]] = defaultdict(list)
    for tag_id, amount in totals.items():
        by_amount[amount].append(tag_id)
    for amount, ids in by_amount.items():
        Hashtag.objects.filter(pk__in=ids).update(view_count=F("view_count") + amount)
    table = TagViewBucket._meta.db_table
    items = sorted(counts.items())  # a fixed order: two flushes never wait on each other
    for start in range(0, len(items), 300):  # within SQLite's limit on parameters
        chunk = items[start : start + 300]
        rows = ", ".join(["(%s, %s, %s)"] * len(chunk))
        params = [value for (tid, hour), amount in chunk for value in (tid, hour, amount)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (tag_id, hour, views) VALUES {rows}"  # noqa: S608
                f" ON CONFLICT (tag_id, hour) DO UPDATE SET views = {table}.views + excluded.views",
                params,
            )
