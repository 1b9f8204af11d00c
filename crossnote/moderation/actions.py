"""Writes for reports. Moderation actions on them come next (issue: a respectful community)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.core.errors import InvalidInput
from crossnote.core.text import clean_text
from crossnote.moderation.limits import check_rate
from crossnote.moderation.models import Report
from crossnote.relations.actions import do_block

MAX_OPEN_REPORTS_PER_TARGET = 1


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
    """File a report about `person` (and one of their notes or comments), and block them in
    the same step if asked: the block applies to feeds at once. The caller fetched the note
    or comment with access_* so the reporter could see it."""
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
        report, _created = Report.objects.get_or_create(
            reporter=reporter,
            person=person,
            note_id=note_id,
            comment_id=comment_id,
            state=Report.State.OPEN,
            defaults={"reason": reason, "text": words},
        )
        if block:
            do_block(reporter, person)
    return report
