"""Writes for reports and for what moderators do about them.

Every moderator action is recorded in the audit log (ModerationAction: who, what, when,
why) and the person it concerns is told, with the reason, in a notification.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.actions import do_logout_everywhere
from crossnote.accounts.models import User
from crossnote.accounts.usernames import username_key
from crossnote.core.errors import Forbidden, InvalidInput, NotFound
from crossnote.core.text import clean_text
from crossnote.engagement.actions import do_delete_comment
from crossnote.moderation.limits import check_rate
from crossnote.moderation.models import REPORT_KINDS, ModerationAction, Report, SiteSettings
from crossnote.moderation.notices import notice_text
from crossnote.moderation.permissions import ensure_moderator
from crossnote.moderation.queries import forget_site_settings
from crossnote.notes.actions import do_delete_note, do_hide_note
from crossnote.notifications.models import Notification
from crossnote.relations.actions import do_block
from crossnote.tags.queries import forget_trending

MAX_SUSPENSION_DAYS = 365


def check_report(
    reporter: User,
    *,
    person: User,
    reason: str,
    text: str = "",
    note_id: int | None = None,
    comment_id: int | None = None,
    block: bool = False,
    address: str = "",
) -> Report:
    """File a report about `person`, or one of their notes (`note_id`), or one of their
    comments (`comment_id`, with `note_id` the note it is on, kept for the moderators'
    context), and block them in the same step if asked: the block applies to feeds at once.
    The caller fetched the note or comment with access_* so the reporter could see it.

    Reporting the same thing again while the first report is open returns that report:
    the database holds one open report per reporter, person and subject."""
    check_rate("report", account=reporter.pk, address=address)
    if reason not in Report.Reason.values:
        raise InvalidInput(_("Choose a reason for the report."), code="invalid_reason")
    if person.pk == reporter.pk:
        raise InvalidInput(_("You cannot report yourself."), code="cannot_report_self")
    words = clean_text(text)
    if len(words) > 1000:
        raise InvalidInput(
            _("A report's text has at most 1,000 characters."), code="report_too_long"
        )
    with transaction.atomic():
        # get_or_create retries the read when a concurrent twin wins the insert.
        report, _created = Report.objects.get_or_create(
            reporter=reporter,
            person=person,
            subject=Report.subject_of(note_id, comment_id),
            state=Report.State.OPEN,
            defaults={
                "reason": reason,
                "text": words,
                "note_id": note_id,
                "comment_id": comment_id,
            },
        )
        if block:
            do_block(reporter, person)
    return report


def access_report(moderator: object, report_id: int) -> Report:
    ensure_moderator(moderator)
    report = (
        Report.objects.select_related("person", "reporter", "note", "comment")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise NotFound()
    return report


def check_moderate(
    moderator: User, report_id: int, kind: str, reason: str, days: int | None = None
) -> ModerationAction:
    """Act on a report. Raises Forbidden for non-moderators, InvalidInput for a missing reason,
    an unknown action, a suspension without a sensible length, or hiding what is no note."""
    report = access_report(moderator, report_id)
    reason = clean_text(reason)
    if kind not in REPORT_KINDS:
        raise InvalidInput(_("Unknown moderation action."), code="invalid_action")
    if not reason:
        raise InvalidInput(_("Say why: the person will read it."), code="reason_required")
    if kind == ModerationAction.Kind.SUSPEND and not (days and 1 <= days <= MAX_SUSPENSION_DAYS):
        raise InvalidInput(_("A suspension lasts 1 to 365 days."), code="invalid_days")
    # A comment report keeps its thread's note for context: hiding it would hide the thread.
    if kind == ModerationAction.Kind.HIDE and (report.about != "note" or report.note is None):
        raise InvalidInput(_("Only a note can be hidden."), code="nothing_to_hide")
    if report.person.has_perm("moderation.moderate") and kind in ("suspend", "ban"):
        raise Forbidden(_("Moderators cannot suspend or ban each other here."), code="protected")
    return do_moderate(moderator, report, kind, reason, days)


def do_moderate(
    moderator: User, report: Report, kind: str, reason: str, days: int | None
) -> ModerationAction:
    person = report.person
    note, comment = report.note, report.comment
    excerpt = (comment.body if comment else f"{note.title}\n{note.body}".strip() if note else "")[
        :200
    ]
    until = timezone.now() + timedelta(days=days) if kind == ModerationAction.Kind.SUSPEND else None
    with transaction.atomic():
        action = ModerationAction.objects.create(
            moderator=moderator,
            kind=kind,
            person=person,
            report=report,
            reason=reason,
            until=until,
            note_id=note.pk if note else None,
            comment_id=comment.pk if comment else None,
            excerpt=excerpt,
        )
        if kind == ModerationAction.Kind.HIDE:
            do_hide_note(note)
        elif kind == ModerationAction.Kind.REMOVE:
            # By what was reported: a comment report's note is only its thread.
            if report.about == "comment" and comment is not None:
                do_delete_comment(comment)
            elif report.about == "note" and note is not None:
                do_delete_note(note)
        elif kind == ModerationAction.Kind.SUSPEND:
            User.objects.filter(pk=person.pk).update(suspended_until=until)
        elif kind == ModerationAction.Kind.BAN:
            User.objects.filter(pk=person.pk).update(is_active=False)
            do_logout_everywhere(person)
        report.state = (
            Report.State.DISMISSED
            if kind == ModerationAction.Kind.DISMISS
            else Report.State.ACTIONED
        )
        report.save(update_fields=["state"])
        if kind != ModerationAction.Kind.DISMISS:
            Notification.objects.create(
                recipient=person,
                actor=moderator,
                kind=Notification.Kind.MODERATION,
                note_id=note.pk if note and kind == ModerationAction.Kind.HIDE else None,
                text=notice_text(kind, reason, until),
            )
    return action


def do_save_site_settings(row: SiteSettings) -> None:
    """Save the site's settings (the admin's form) and let every page see them at once."""
    row.pk = 1
    row.save()
    # After commit: the admin saves inside a transaction, and a request in between would
    # cache the old row again.
    transaction.on_commit(forget_site_settings)
    transaction.on_commit(forget_trending)


def check_restore(moderator: User, username: str, kind: str, reason: str) -> ModerationAction:
    """Lift a person's suspension ("unsuspend") or ban ("unban"), recorded in the audit log
    and told to them with the reason. NotFound for unknown people; InvalidInput when there
    is nothing to lift."""
    ensure_moderator(moderator)
    person = User.objects.filter(username_key=username_key(username)).first()
    if person is None:
        raise NotFound()
    if person.pk == moderator.pk:
        raise Forbidden(
            _("Another moderator has to lift a restriction on your own account."),
            code="protected",
        )
    reason = clean_text(reason)
    if not reason:
        raise InvalidInput(_("Say why: the person will read it."), code="reason_required")
    if kind == ModerationAction.Kind.UNBAN:
        if person.is_active:
            raise InvalidInput(_("That account is not banned."), code="not_banned")
    elif kind == ModerationAction.Kind.UNSUSPEND:
        if not (person.suspended_until and person.suspended_until > timezone.now()):
            raise InvalidInput(_("That account is not suspended."), code="not_suspended")
    else:
        raise InvalidInput(_("Choose unban or unsuspend."), code="invalid_action")
    return do_restore(moderator, person, kind, reason)


def do_restore(moderator: User, person: User, kind: str, reason: str) -> ModerationAction:
    """A ban hides rather than deletes (every read leaves inactive people out), so lifting it
    brings everything of theirs back; their old sessions and tokens stay ended and they log
    in again."""
    with transaction.atomic():
        if kind == ModerationAction.Kind.UNBAN:
            User.objects.filter(pk=person.pk).update(is_active=True)
            person.is_active = True
        else:
            User.objects.filter(pk=person.pk).update(suspended_until=None)
            person.suspended_until = None
        action = ModerationAction.objects.create(
            moderator=moderator, kind=kind, person=person, reason=reason
        )
        Notification.objects.create(
            recipient=person,
            actor=moderator,
            kind=Notification.Kind.MODERATION,
            text=notice_text(kind, reason),
        )
    return action
