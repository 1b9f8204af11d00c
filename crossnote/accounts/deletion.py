"""Deleting an account: asked for with the password, done after a grace period.

- `check_request_deletion` (web and API, with the current password) records when it was
  asked and ends every session and token, so the account is only used again by logging in;
  and logging in within the grace period (`cancel_on_login`, called by
  `actions.check_login`) cancels the request, which the interfaces then say.
- `accounts.tasks.delete_due_accounts` (hourly) calls `erase_account` for each request
  older than the grace period (CROSSNOTE_DELETION_GRACE_DAYS, 14 days).

`erase_account` first deactivates the account (no login from then on, so a login racing the
sweep cannot cancel half a deletion), then removes everything in steps that are each safe to
run again, so a worker killed mid-way is resumed by the next sweep:

- notes, through `notes.actions.do_delete_note` one by one (its counters, hashtag counts,
  boards of others, search words and meaning, timelines and files are the note's own
  clean-up, not repeated here); timelines of followers are emptied of the person's notes
  first, while the follows that say whose timelines they are still exist;
- comments through `do_delete_comment`: a top-level comment takes the replies under it with
  it, as when a person deletes their own comment today (a thread is one conversation; a
  "deleted" placeholder would be a second rule for every surface that shows comments);
- likes, collects, comment likes, follows both ways, through the actions that keep the
  counters on other people's rows in step;
- everything else of theirs (boards, requests, blocks, mutes, notifications both ways,
  keyword filters, guide pairs, tokens, idempotency keys, unfinished uploads, exports,
  views, stored translations of their text, their avatar's files, their timeline and
  per-person cache entries).

What stays is a tombstone `User` row: no password, no profile, inactive, `deleted_at` set,
its username kept. **A deleted username is not reused**: old links and @mentions in others'
notes keep naming the person who left rather than whoever registers the name next, and the
row's unique username and look-alike skeleton (accounts.usernames) keep it and its
look-alikes taken. The moderation records (reports and the audit log) keep their rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import ApiToken, User
from crossnote.core.errors import InvalidInput

# Rows handled per query while erasing: a person with a million likes is erased in steps.
BATCH = 200


def grace_period() -> timedelta:
    return timedelta(days=settings.CROSSNOTE_DELETION_GRACE_DAYS)


def deletion_due_at(user: User) -> datetime | None:
    """When the account will be deleted, or None when no deletion was asked for."""
    if user.deletion_requested_at is None:
        return None
    return user.deletion_requested_at + grace_period()


def check_request_deletion(user: User, password: str) -> User:
    """Ask for `user`'s account to be deleted after the grace period. The current password
    is needed, so a session or token left open somewhere cannot delete an account. Raises
    InvalidInput (wrong_password). Asking again changes nothing."""
    if not password or not user.check_password(password):
        raise InvalidInput(
            _("Enter your current password to delete your account."), code="wrong_password"
        )
    return do_request_deletion(user)


def do_request_deletion(user: User) -> User:
    """Record the request and end every session and API token: from now on only logging in
    (which cancels the request) uses the account again."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk, deletion_requested_at__isnull=True).update(
            deletion_requested_at=timezone.now()
        )
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        ApiToken.objects.filter(user=user).delete()
    user.refresh_from_db(fields=["deletion_requested_at", "session_generation"])
    return user


def cancel_on_login(user: User) -> bool:
    """Called after a successful login (`actions.check_login`): cancels a pending deletion
    and returns True when there was one. The grace period is a minimum: until the sweep has
    begun erasing (which deactivates the account, under a row lock) logging in cancels."""
    if user.deletion_requested_at is None:
        return False
    cancelled = User.objects.filter(
        pk=user.pk, is_active=True, deleted_at__isnull=True, deletion_requested_at__isnull=False
    ).update(deletion_requested_at=None)
    user.deletion_requested_at = None
    return bool(cancelled)


def due_account_ids(now: datetime | None = None, limit: int = 100) -> list[int]:
    """Accounts past their grace period and not erased yet (including any erasing that a
    dead worker left half-way): what the hourly sweep erases."""
    cutoff = (now or timezone.now()) - grace_period()
    return list(
        User.objects.filter(deletion_requested_at__lte=cutoff, deleted_at__isnull=True)
        .order_by("deletion_requested_at")
        .values_list("pk", flat=True)[:limit]
    )


def begin_erasing(user_id: int, now: datetime | None = None) -> bool:
    """Deactivate an account that is due, in one transaction with the check that it still
    is (a login may just have cancelled the request). Returns whether it is to be erased."""
    cutoff = (now or timezone.now()) - grace_period()
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(pk=user_id, deletion_requested_at__lte=cutoff, deleted_at__isnull=True)
            .first()
        )
        if user is None:
            return False
        user.is_active = False
        user.set_unusable_password()
        user.session_generation = F("session_generation") + 1
        user.save(update_fields=["is_active", "password", "session_generation"])
        ApiToken.objects.filter(user_id=user_id).delete()
    return True


def erase_account(user_id: int, now: datetime | None = None) -> bool:
    """Erase a due account (see the module's docstring). Safe to run again after a crash at
    any point. Returns False when the account was not due (cancelled, or already erased)."""
    if not begin_erasing(user_id, now):
        return False
    user = User.objects.get(pk=user_id)
    _empty_followers_timelines(user)
    _delete_notes(user)
    _delete_comments(user)
    _delete_messages(user)
    _undo_engagement(user)
    _end_relations(user)
    _delete_belongings(user)
    _forget_caches(user)
    _leave_tombstone(user)
    return True


def _empty_followers_timelines(user: User) -> None:
    """Each follower's timeline loses the person's notes now, while the follows still say
    whose timelines those are (a note's own `forget_note` runs later, in the background)."""
    from crossnote.feeds.stores import timeline_store
    from crossnote.notes.models import Note
    from crossnote.relations.models import Follow

    note_ids = list(Note.objects.filter(author=user).values_list("pk", flat=True))
    followers = Follow.objects.filter(followee=user).values_list("follower_id", flat=True)
    store = timeline_store()
    for follower_id in followers.iterator():
        store.remove_author(follower_id, user.pk, note_ids)


def _delete_notes(user: User) -> None:
    from crossnote.notes.actions import do_delete_note
    from crossnote.notes.models import Note

    while batch := list(Note.objects.filter(author=user).order_by("pk")[:BATCH]):
        for note in batch:
            do_delete_note(note)


def _delete_messages(user: User) -> None:
    from crossnote.messaging.actions import delete_all_for

    delete_all_for(user)


def _delete_comments(user: User) -> None:
    from crossnote.engagement.actions import do_delete_comment
    from crossnote.engagement.models import Comment

    # Top-level comments first: each takes its replies (the person's own among them).
    for parent_null in (True, False):
        mine = Comment.objects.filter(author=user, parent__isnull=parent_null).order_by("pk")
        while batch := list(mine[:BATCH]):
            for comment in batch:
                do_delete_comment(comment)


def _undo_engagement(user: User) -> None:
    from crossnote.engagement.actions import do_uncollect, do_unlike, do_unlike_comment
    from crossnote.engagement.models import Board, Collect, CommentLike, Like

    likes = Like.objects.filter(user=user).select_related("note").order_by("pk")
    while batch := list(likes[:BATCH]):
        for like in batch:
            do_unlike(user, like.note)
    collects = Collect.objects.filter(user=user).select_related("note").order_by("pk")
    while batch := list(collects[:BATCH]):
        for collect in batch:
            do_uncollect(user, collect.note)
    comment_likes = CommentLike.objects.filter(user=user).select_related("comment")
    while batch := list(comment_likes.order_by("pk")[:BATCH]):
        for like in batch:
            do_unlike_comment(user, like.comment)
    Board.objects.filter(owner=user).delete()


def _end_relations(user: User) -> None:
    from crossnote.relations.actions import do_end_all_relations

    do_end_all_relations(user)


def _delete_belongings(user: User) -> None:
    from crossnote.engagement.models import Comment, NoteView
    from crossnote.exports.actions import delete_exports_of
    from crossnote.feeds.stores import timeline_store
    from crossnote.guides.models import GuidePair
    from crossnote.idempotency.models import IdempotencyKey
    from crossnote.media import uploads
    from crossnote.media.actions import delete_photos
    from crossnote.media.models import Photo, Video, VideoUpload
    from crossnote.media.video_actions import delete_videos
    from crossnote.moderation.models import KeywordFilter
    from crossnote.notes.models import Mention
    from crossnote.notifications.models import Notification
    from crossnote.translation.models import Translation

    Notification.objects.filter(Q(recipient=user) | Q(actor=user)).delete()
    Mention.objects.filter(user=user).delete()
    Comment.objects.filter(reply_to=user).update(reply_to=None)
    KeywordFilter.objects.filter(owner=user).delete()
    GuidePair.objects.filter(user=user).delete()
    IdempotencyKey.objects.filter(user=user).delete()
    NoteView.objects.filter(viewer_key=f"u:{user.pk}").delete()
    Translation.objects.filter(kind="bio", object_id=user.pk).delete()
    for upload in VideoUpload.objects.filter(owner=user):
        with transaction.atomic():
            uploads.do_delete_upload(upload)
    delete_exports_of(user.pk)
    User.objects.filter(pk=user.pk).update(avatar=None)
    # The avatar and any photo no note holds any more (an avatar being processed).
    delete_photos(list(Photo.objects.filter(owner=user).values_list("pk", flat=True)))
    # Videos of the deleted notes whose own clean-up task has not run yet (it then finds
    # nothing to do): the files are gone when the erasing ends, whatever the queue does.
    delete_videos(list(Video.objects.filter(owner=user).values_list("pk", flat=True)))
    timeline_store().remove_owner(user.pk)


def _forget_caches(user: User) -> None:
    from crossnote.feeds.following import forget_pull_authors
    from crossnote.moderation.filters import forget_filters

    forget_pull_authors(user.pk)
    forget_filters(user.pk)
    cache.delete_many(
        [f"taste:{user.pk}", f"affinity:{user.pk}:{','.join(sorted(user.interests or []))}"]
    )


def _leave_tombstone(user: User) -> None:
    """Keep the row (and so the username, see the module's docstring), nothing else."""
    user.groups.clear()
    user.user_permissions.clear()
    User.objects.filter(pk=user.pk).update(
        display_name="",
        first_name="",
        last_name="",
        email="",
        bio="",
        bio_language="",
        languages=[],
        reading_language="",
        interests=[],
        is_private=True,
        is_staff=False,
        is_superuser=False,
        suspended_until=None,
        follower_count=0,
        following_count=0,
        note_count=0,
        deleted_at=timezone.now(),
    )
