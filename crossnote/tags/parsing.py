"""Finding #hashtags and @mentions in note text, in any script.

`#上海Coffee` is one tag, `＃旅行` (full-width) is `#旅行`, `#美食，` stops at the Chinese
comma, and RedNote-style `#穿搭#` closes with a second `#`. Chinese writers put no space
before a tag or mention, so `欢迎#TikTok难民` and `感谢@小红薯` count; only a Latin letter
or digit before `#`/`@` (`a#b`, `sam@example.com`) makes it part of a word instead.
Tags are compared by their key: NFKC, then case-folded, so `#TikTokRefugee` and
`#tiktokrefugee` are the same tag.

A mention's name runs on into the following Chinese text (`@小红薯的教程`), since nothing
separates them; `accounts.queries.resolve_mentions` picks the longest existing username.
"""

from __future__ import annotations

import re

from crossnote.core.chinese import to_simplified
from crossnote.core.text import nfkc, strip_invisible_controls

MAX_TAG_LENGTH = 40
MAX_TAGS_PER_NOTE = 20
# A tag is letters/digits/underscore of any script (\w is Unicode-aware), plus the middle dot
# used in transliterated names. It must not follow a Latin letter or digit (so `a#b` is no
# tag), unless it directly follows another tag: `#穿搭#OOTD` is two tags.
_TAG = re.compile(r"#(\w[\w·]*)")
_MENTION = re.compile(r"(?<![A-Za-z0-9_@.])@(\w(?:[\w.]*\w)?)")


def tag_key(name: str) -> str:
    """How tags are compared: NFKC, case-folded, Traditional characters folded into
    Simplified (#咖啡廳 and #咖啡厅 are one tag)."""
    return to_simplified().convert(nfkc(name).casefold())


def _prepare(text: str) -> str:
    return nfkc(strip_invisible_controls(text))


def parse_hashtags(text: str) -> list[str]:
    """Tag names in order of first appearance, deduplicated by key."""
    seen: dict[str, str] = {}
    text = _prepare(text)
    previous_end = -1
    for match in _TAG.finditer(text):
        start = match.start()
        before = text[start - 1] if start > 0 else " "
        glued = before.isascii() and (before.isalnum() or before in "_&")
        if glued and start != previous_end:
            continue
        previous_end = match.end()
        name = match.group(1).strip("_·")[:MAX_TAG_LENGTH]
        if name and not name.isdigit() and tag_key(name) not in seen:
            seen[tag_key(name)] = name
    return list(seen.values())[:MAX_TAGS_PER_NOTE]


def parse_mentions(text: str) -> list[str]:
    """Mentioned usernames (not yet checked to exist), deduplicated, in order."""
    found: list[str] = []
    for match in _MENTION.finditer(_prepare(text)):
        name = match.group(1)
        if name not in found:
            found.append(name)
    return found[:MAX_TAGS_PER_NOTE]
