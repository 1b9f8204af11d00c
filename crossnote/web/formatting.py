"""Presenting numbers and user text in the web UI."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import unescape

from babel.numbers import format_compact_decimal, format_decimal
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, to_locale

from crossnote.accounts.queries import resolve_mentions
from crossnote.tags.parsing import parse_mentions, tag_key

# The same shapes notes' hashtags and mentions are parsed with (crossnote.tags.parsing),
# applied to already-escaped text, so nothing the author wrote can become markup.
_TOKEN = re.compile(r"(?<![A-Za-z0-9_&@.])@(\w(?:[\w.]*\w)?)|(?<![A-Za-z0-9_&])[#＃](\w[\w·]*)")


def babel_locale() -> str:
    return to_locale(get_language() or "en").replace("zh_Hans", "zh_Hans_CN")


def compact_number(value: int) -> str:
    """1.2K / 1.2万, 60.2M / 6020万: what people expect next to views and likes."""
    locale = babel_locale()
    if value < 10_000:
        return format_decimal(value, locale=locale)
    return format_compact_decimal(value, locale=locale, fraction_digits=1)


def mentions_in(*texts: str) -> dict[str, str]:
    """What each @name in `texts` resolves to: candidate → username. One query."""
    candidates = {c for text in texts for c in parse_mentions(text)}
    return {c: person.username for c, person in resolve_mentions(candidates).items()}


def _mention_link(candidate: str, mentions: Mapping[str, str] | None) -> str:
    raw = unescape(candidate)
    username = mentions.get(raw) if mentions is not None else raw
    if not username:
        return f"@{candidate}"
    # The username is the start of the run, up to NFKC normalisation: link that much.
    shown = raw[: len(username)] if raw.casefold().startswith(username.casefold()) else raw
    rest = raw[len(shown) :]
    url = reverse("web:profile", args=[username])
    return format_html('<a class="mention" href="{}">@{}</a>{}', url, shown, rest)


def linkify(text: str, mentions: Mapping[str, str] | None = None) -> SafeString:
    """Escape a note's or comment's text, then link its #hashtags and @mentions.

    `mentions` maps what follows an @ to the username it resolved to (see
    `mentions_in`); a name that resolved to nobody stays plain text, and the part of a
    run past the username (`@小红薯的教程`) stays text after the link.
    """
    escaped = escape(text)
    pieces: list[str] = []
    last = 0
    for match in _TOKEN.finditer(escaped):
        pieces.append(escaped[last : match.start()])
        mention, tag = match.group(1), match.group(2)
        if mention:
            pieces.append(_mention_link(mention, mentions))
        else:
            url = reverse("web:tag", args=[tag_key(tag)])
            pieces.append(format_html('<a class="tag" href="{}">#{}</a>', url, tag))
        last = match.end()
    pieces.append(escaped[last:])
    # Every piece is either escaped text or built by format_html.
    return mark_safe("".join(pieces).replace("\n", "<br>"))  # noqa: S308
