"""What a moderation notification says, in the language of whoever reads it.

The notification is written when the moderator acts, in the moderator's language; the
person reads it later, maybe in the other one. So the action's name is stored as written in
the source (English) and translated when shown; the moderator's reason is shown as written.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from crossnote.moderation.models import REPORT_KINDS, ModerationAction

_SEPARATOR = ": "


def notice_text(kind: str, reason: str) -> str:
    """The stored text: the action's name in the source language, then the reason."""
    with translation.override(None):
        return f"{ModerationAction.Kind(kind).label}{_SEPARATOR}{reason}"


def shown_notice(text: str) -> str:
    """The stored text in the active language (texts of an unknown shape are shown as-is)."""
    name, separator, reason = text.partition(_SEPARATOR)
    if not separator:
        return text
    for kind in REPORT_KINDS:
        with translation.override(None):
            source = str(kind.label)
        if name == source:
            return _("%(action)s: %(reason)s") % {"action": kind.label, "reason": reason}
    return text
