from __future__ import annotations

from huey import crontab

from crossnote.accounts import deletion
from crossnote.accounts.models import User
from crossnote.core.tasks import background, enqueue_on_commit, periodic
from crossnote.media.actions import delete_photos, do_process_photo
from crossnote.media.models import Photo


@background()
def process_avatar(user_id: int, photo_id: int) -> None:
    """Make the avatar's variants, then put it in place of the old one (which is deleted)."""
    if do_process_photo(photo_id) != Photo.State.READY:
        return
    old = User.objects.filter(pk=user_id).values_list("avatar_id", flat=True).first()
    User.objects.filter(pk=user_id).update(avatar_id=photo_id)
    if old and old != photo_id:
        delete_photos([old])


@background()
def send_password_reset(identifier: str, origin: str, language: str) -> None:
    """Email a reset link to every active account `identifier` names that has an address.
    Looked up here, not in the request, so the answer's timing tells nothing either."""
    from crossnote.accounts.queries import reset_recipients
    from crossnote.accounts.resets import send_reset_email

    for user in reset_recipients(identifier):
        send_reset_email(user, origin, language)


@periodic(crontab(minute="29"))
def delete_due_accounts() -> None:
    """Hourly: erase the accounts whose deletion's grace period is over, one task each."""
    for user_id in deletion.due_account_ids():
        enqueue_on_commit(erase_account, user_id)


@background()
def erase_account(user_id: int) -> None:
    """Erase one account (accounts.deletion); safe to run again, and run again by the
    sweep while the account is not fully erased."""
    deletion.erase_account(user_id)
