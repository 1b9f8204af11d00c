"""Template tags for grouped notifications and the live channel."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from crossnote import live
from crossnote.notifications.grouping import summary_html

register = template.Library()


@register.simple_tag
def group_summary(notification) -> SafeString:  # type: ignore[no-untyped-def]
    """ "<a>Mei</a> and 8 others liked your note" for a group with others, else ""."""
    actor = notification.actor
    name = format_html(
        '<a href="{}"><strong>{}</strong></a>',
        reverse("web:profile", args=[actor.username]),
        actor.shown_name,
    )
    return summary_html(notification.kind, name, getattr(notification, "others", 0))


@register.simple_tag
def live_cursor(user) -> str:  # type: ignore[no-untyped-def]
    """Where this page's live stream starts: the newest event the person could replay."""
    return live.latest_id(user.pk) if user.is_authenticated else "0"
