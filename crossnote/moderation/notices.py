"""What a moderation notification says, in the language of whoever reads it.

The notification is written when the moderator acts, in the moderator's language; the
person reads it later, maybe in the other one. So the action's name (and a suspension's end)
is stored as written in the source (English) and translated when shown; the moderator's
reason is shown as written.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from crossnote.moderation.models import NOTICE_KINDS, ModerationAction

_SEPARATOR = ": "
_UNTIL = " until "


def notice_text(kind: str, reason: str, until: datetime | None = None) -> str:
    """The stored text: the action's name in the source language (a suspension's with its
    end, in UTC, as the suspended-account error says it), then the reason."""
    with translation.override(None):
        name = str(ModerationAction.Kind(kind).label)
    if until is not None:
        name += _UNTIL + until.strftime("%Y-%m-%d %H:%M UTC")
    return f"{name}{_SEPARATOR}{reason}"


def shown_notice(text: str) -> str:
    """The stored text in the active language (texts of an unknown shape are shown as-is)."""
    name, separator, reason = text.partition(_SEPARATOR)
    if not separator:
        return text
    name, _until, date = name.partition(_UNTIL)
    for kind in NOTICE_KINDS:
        with translation.override(None):
            source = str(kind.label)
        if name == source:
            action = str(kind.label)
            if date:
                action = _("%(action)s until %(date)s") % {"action": action, "date": date}
            return _("%(action)s: %(reason)s") % {"action": action, "reason": reason}
    return text
