"""Writes for follows, follow requests, blocks and mutes.

Every change keeps `follower_count` / `following_count` in step with the Follow rows inside
the same transaction, and queues its side effects (timelines, notifications) after commit.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import Conflict, InvalidInput, NotFound
from crossnote.core.tasks import enqueue_on_commit
from crossnote.feeds import tasks as feed_tasks
from crossnote.feeds.following import forget_pull_authors
from crossnote.moderation.permissions import ensure_can_act
from crossnote.notifications import tasks as notify
from crossnote.relations.models import Block, Follow, FollowRequest, Mute
from crossnote.relations.queries import is_blocked_either_way


def _add_follow(follower_id: int, followee_id: int) -> bool:
    _row, created = Follow.objects.get_or_create(follower_id=follower_id, followee_id=followee_id)
    if created:
        User.objects.filter(pk=follower_id).update(following_count=F("following_count") + 1)
        User.objects.filter(pk=followee_id).update(follower_count=F("follower_count") + 1)
        forget_pull_authors(follower_id)
        enqueue_on_commit(feed_tasks.backfill_timeline, follower_id, followee_id)
    return created


def _remove_follow(follower_id: int, followee_id: int) -> bool:
    deleted, _rows = Follow.objects.filter(
        follower_id=follower_id, followee_id=followee_id
    ).delete()
    if deleted:
        User.objects.filter(pk=follower_id).update(following_count=F("following_count") - 1)
        User.objects.filter(pk=followee_id).update(follower_count=F("follower_count") - 1)
        forget_pull_authors(follower_id)
        enqueue_on_commit(feed_tasks.drop_author_from_timeline, follower_id, followee_id)
    return bool(deleted)


def check_follow(viewer: User, target: User) -> str:
    """Follow `target`, or ask to if the account is private. Returns "following" or "requested".

    Raises InvalidInput for oneself, NotFound if either has blocked the other (a blocked
    person learns nothing more than that the account is not there for them).
    """
    if viewer.pk == target.pk:
        raise InvalidInput(_("You cannot follow yourself."), code="cannot_follow_self")
    ensure_can_act(viewer)
    if Block.objects.filter(blocker=viewer, blocked=target).exists():
        raise Conflict(_("You have blocked this account. Unblock it first."), code="blocking")
    if is_blocked_either_way(viewer.pk, target.pk):
        raise NotFound()
    return do_follow(viewer, target)


def do_follow(viewer: User, target: User) -> str:
    with transaction.atomic():
        if Follow.objects.filter(follower=viewer, followee=target).exists():
            return "following"
        if target.is_private:
            _req, created = FollowRequest.objects.get_or_create(requester=viewer, target=target)
            if created:
                enqueue_on_commit(notify.notify, "follow_request", viewer.pk, target.pk)
            return "requested"
        if _add_follow(viewer.pk, target.pk):
            enqueue_on_commit(notify.notify, "follow", viewer.pk, target.pk)
    return "following"


def do_unfollow(viewer: User, target: User) -> None:
    """Stop following, or withdraw a pending request. Idempotent."""
    with transaction.atomic():
        FollowRequest.objects.filter(requester=viewer, target=target).delete()
        _remove_follow(viewer.pk, target.pk)


def do_answer_follow_request(owner: User, requester: User, approve: bool) -> None:
    with transaction.atomic():
        deleted, _rows = FollowRequest.objects.filter(requester=requester, target=owner).delete()
        if not deleted:
            raise NotFound(_("There is no follow request from that person."))
        if approve and _add_follow(requester.pk, owner.pk):
            enqueue_on_commit(notify.notify, "follow_accepted", owner.pk, requester.pk)


def do_remove_follower(owner: User, follower: User) -> None:
    with transaction.atomic():
        _remove_follow(follower.pk, owner.pk)


def do_block(viewer: User, target: User) -> bool:
    """Block `target`: follows and requests both ways end, and each vanishes for the other."""
    if viewer.pk == target.pk:
        raise InvalidInput(_("You cannot block yourself."), code="cannot_block_self")
    with transaction.atomic():
        _row, created = Block.objects.get_or_create(blocker=viewer, blocked=target)
        _remove_follow(viewer.pk, target.pk)
        _remove_follow(target.pk, viewer.pk)
        FollowRequest.objects.filter(
            Q(requester=viewer, target=target) | Q(requester=target, target=viewer)
        ).delete()
        enqueue_on_commit(notify.forget_between, viewer.pk, target.pk)
    return created


def do_unblock(viewer: User, target: User) -> None:
    Block.objects.filter(blocker=viewer, blocked=target).delete()


def do_mute(viewer: User, target: User) -> None:
    """Hide `target` from the viewer's feeds and notifications without telling them."""
    if viewer.pk == target.pk:
        raise InvalidInput(_("You cannot mute yourself."), code="cannot_mute_self")
    Mute.objects.get_or_create(muter=viewer, muted=target)


def do_unmute(viewer: User, target: User) -> None:
    Mute.objects.filter(muter=viewer, muted=target).delete()


def do_end_all_relations(user: User) -> None:
    """A person's account is being erased: their follows end both ways (counts on the other
    side corrected, timelines and caches as for an unfollow), and their follow requests,
    blocks and mutes, made or received, are deleted. Safe to run again."""
    for field, other in (("follower", "followee_id"), ("followee", "follower_id")):
        while batch := list(
            Follow.objects.filter(**{field: user})
            .order_by("pk")
            .values_list(other, flat=True)[:200]
        ):
            for other_id in batch:
                with transaction.atomic():
                    if field == "follower":
                        _remove_follow(user.pk, other_id)
                    else:
                        _remove_follow(other_id, user.pk)
    FollowRequest.objects.filter(Q(requester=user) | Q(target=user)).delete()
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
    Mute.objects.filter(Q(muter=user) | Q(muted=user)).delete()
