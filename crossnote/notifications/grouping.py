"""Grouped notifications: "Mei and 8 others liked your note".

Notifications of a kind people repeat about the same thing (likes and collects of one note,
likes of one comment, new followers) share a `group_key` when they fall in the same window
of CROSSNOTE_NOTIFICATION_GROUP_HOURS: the list then shows one line per key, its newest
actor and how many other people. The rows stay one per actor, so counts, read state and
filters work as before; grouping happens when the list is read (queries.notifications_page).
Windows are fixed (hours since the epoch divided by the window), so a burst across a window's
edge shows as two lines: simple, and a key never changes after it is written.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

GROUPED_KINDS = frozenset({"like", "collect", "comment_like", "follow"})


def group_key(
    kind: str, note_id: int | None, comment_id: int | None, now: float | None = None
) -> str:
    """The key a new notification is written with ("" for kinds shown one by one)."""
    if kind not in GROUPED_KINDS:
        return ""
    hours = max(1, int(settings.CROSSNOTE_NOTIFICATION_GROUP_HOURS))
    window = int((time.time() if now is None else now) // (hours * 3600))
    return f"{kind}:{note_id or 0}:{comment_id or 0}:{window}"


def kind_phrase(kind: str) -> str:
    """What the actor did, after their name ("liked your note"), in the active language:
    the list's own words (templates/web/partials/notification_list.html), for Web Push."""
    phrases = {
        "like": gettext("liked your note"),
        "collect": gettext("collected your note"),
        "comment": gettext("commented on your note"),
        "reply": gettext("replied to you"),
        "mention": gettext("mentioned you"),
        "follow": gettext("started following you"),
        "follow_request": gettext("asked to follow you"),
        "follow_accepted": gettext("accepted your follow request"),
        "comment_like": gettext("liked your comment"),
        "question": gettext("asked the guides a question"),
        "answer": gettext("answered your question as a guide"),
        "moderation": gettext("(moderator)"),
    }
    return phrases.get(kind, "")


def _sentence(kind: str, others: int) -> str | None:
    """The translated sentence with %(name)s and %(count)s, or None (shown one by one)."""
    if kind == "like":
        return ngettext(
            "%(name)s and %(count)s other liked your note",
            "%(name)s and %(count)s others liked your note",
            others,
        )
    if kind == "collect":
        return ngettext(
            "%(name)s and %(count)s other collected your note",
            "%(name)s and %(count)s others collected your note",
            others,
        )
    if kind == "comment_like":
        return ngettext(
            "%(name)s and %(count)s other liked your comment",
            "%(name)s and %(count)s others liked your comment",
            others,
        )
    if kind == "follow":
        return ngettext(
            "%(name)s and %(count)s other started following you",
            "%(name)s and %(count)s others started following you",
            others,
        )
    return None


def summary(kind: str, name: str, others: int) -> str:
    """The group's line as plain text (the API's `summary`); "" when there are no others."""
    sentence = _sentence(kind, others) if others > 0 else None
    return sentence % {"name": name, "count": others} if sentence else ""


def summary_html(kind: str, name_html: SafeString, others: int) -> SafeString:
    """The same line with the newest actor's name as given (a link), the rest escaped."""
    sentence = _sentence(kind, others) if others > 0 else None
    if not sentence:
        return mark_safe("")
    before, _name, after = sentence.partition("%(name)s")
    count = {"count": others}
    return format_html(
        "{}{}{}",
        conditional_escape(before % count if "%(count)" in before else before),
        name_html,
        conditional_escape(after % count if "%(count)" in after else after),
    )
