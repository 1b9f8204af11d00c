"""Language pairs, as guides and the newcomer hub name them.

Guides work between *base* languages: Simplified and Traditional Chinese are one language
here (a guide reads both scripts, and Crossnote converts between them on request).
"""

from __future__ import annotations

import re

import langcodes
from django.utils.translation import gettext_lazy as _

from crossnote.core.errors import InvalidInput
from crossnote.translation.languages import our_code

# The two communities Crossnote was built to bridge; a newcomer's pair joins their own
# language with the other one.
SITE_LANGUAGES = ("en", "zh")
GUIDE_LANGUAGES = frozenset({"en", "zh", "ja", "ko", "es", "fr", "de"})
# Each language in its own name, for labels such as "English ↔ 中文".
LANGUAGE_NAMES = {
    "en": "English",
    "zh": "中文",
    "ja": "日本語",
    "ko": "한국어",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
}
# The pairs offered on forms: every guide language with English or Chinese.
PAIR_CHOICES = sorted(
    {"-".join(sorted((a, b))) for a in GUIDE_LANGUAGES for b in SITE_LANGUAGES if a != b}
)


def pair_label(key: str) -> str:
    """'en-zh' → 'English ↔ 中文'."""
    return " ↔ ".join(LANGUAGE_NAMES.get(code, code) for code in key.split("-"))


def base_language(code: str) -> str:
    """'zh-hans' → 'zh', 'en' → 'en', '' → ''."""
    return code.split("-")[0].lower() if code else ""


def pair_key(first: str, second: str) -> str:
    a, b = sorted((base_language(first), base_language(second)))
    return f"{a}-{b}"


def parse_pair(raw: str) -> tuple[str, str]:
    """'zh-en' → ('en', 'zh'). Each side may be a BCP 47 tag as people write it, read by
    the rule in translation.languages: 'zh-TW-en', 'en-US/zh-CN', 'ZH-HANS-EN'. InvalidInput
    for anything that is not two known languages."""
    sides = [_base_of(tag) for tag in _pair_sides(raw.strip()[:80])]
    if len(sides) != 2 or not set(sides) <= GUIDE_LANGUAGES:
        raise InvalidInput(
            _("A language pair is two language codes, like en-zh."), code="invalid_pair"
        )
    if sides[0] == sides[1]:
        raise InvalidInput(_("A language pair needs two different languages."), code="same_pair")
    a, b = sorted(sides)
    return a, b


def _pair_sides(raw: str) -> list[str]:
    """The two tags in a pair. "/", ",", "+", "↔" or a space separate them plainly; with only
    hyphens, a lower-case guide language ("zh" in "en-zh") starts the second tag, and any
    other subtag ("Hant", "TW", "US") belongs to the tag before it."""
    plain = re.split(r"\s*[/,+↔\s]\s*", raw)
    if len(plain) > 1:
        return plain
    sides: list[str] = []
    for token in raw.replace("_", "-").split("-"):
        starts = not sides or (
            token.lower() in GUIDE_LANGUAGES
            and (token.islower() or not langcodes.tag_is_valid(f"{sides[-1]}-{token}"))
        )
        if starts:
            sides.append(token)
        else:
            sides[-1] += f"-{token}"
    return sides


def _base_of(tag: str) -> str:
    try:
        code = our_code(tag)
    except InvalidInput:
        return ""
    return base_language(code) if code else ""


def newcomer_pair(languages: list[str], fallback: str = "en") -> tuple[str, str]:
    """The pair a newcomer needs: their first language and the site language they lack."""
    own = base_language(languages[0]) if languages else base_language(fallback) or "en"
    other = next((lang for lang in SITE_LANGUAGES if lang != own), SITE_LANGUAGES[0])
    a, b = sorted((own, other))
    return a, b
