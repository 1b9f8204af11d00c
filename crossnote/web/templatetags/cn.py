from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from crossnote.translation.pinyin import pinyin_of
from crossnote.web import formatting

register = template.Library()


@register.filter
def compact(value: int) -> str:
    return formatting.compact_number(int(value or 0))


@register.filter
def ago(moment: datetime | None) -> str:
    """'just now', or '5 minutes ago' / '5分钟前': when something happened, in the page's
    language, to the largest unit only."""
    if moment is None:
        return ""
    if timezone.now() - moment < timedelta(minutes=1):
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(moment, depth=1)}


@register.filter
def linkify(text: str, mentions: dict[str, str] | None = None) -> SafeString:
    return formatting.linkify(text or "", mentions)


@register.filter
def pinyin(text: str) -> str:
    return pinyin_of(text or "")


@register.filter
def with_pinyin(text: str) -> SafeString:
    """Chinese text that shows its pinyin on hover, and on tap (it takes focus)."""
    reading = pinyin_of(text or "")
    if not reading:
        return format_html("{}", text)
    return format_html(
        '<span class="has-pinyin" tabindex="0" title="{}" data-pinyin="{}">{}</span>',
        reading,
        reading,
        text,
    )


LANGUAGE_LABELS = {
    "en": "EN",
    "zh-hans": "中文",
    "zh-hant": "繁中",
    "ja": "日本語",
    "ko": "한국어",
    "es": "ES",
    "fr": "FR",
    "de": "DE",
}


@register.filter
def language_label(code: str) -> str:
    """A short label saying which language a search result is in."""
    return LANGUAGE_LABELS.get(code, code)


@register.filter
def pair_label(key: str) -> str:
    """'en-zh' → 'English ↔ 中文': a guide's language pair, each language in its own name."""
    from crossnote.guides.languages import pair_label as label

    return label(key)


@register.filter
def lookup(mapping: object, key: object) -> object:
    """`{{ translations|lookup:c.pk }}`: a dict's value for a key, or None."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def avatar_url(user: object) -> str:
    avatar = getattr(user, "avatar", None)
    return avatar.url("grid") if avatar is not None and avatar.grid else ""


@register.filter
def moderation_notice(text: str) -> str:
    """A moderator's notice in the reader's language (see moderation.notices)."""
    from crossnote.moderation.notices import shown_notice

    return shown_notice(text or "")


@register.filter
def clock(seconds: float | None) -> str:
    """A video's length as a player shows it: 0:07, 1:05, 10:00."""
    whole = round(seconds or 0)
    return f"{whole // 60}:{whole % 60:02d}"


@register.filter
def media_url(name: str) -> str:
    """The address of a stored media file (a video's rendition or poster)."""
    from django.conf import settings

    return f"{settings.MEDIA_URL}{name}" if name else ""
