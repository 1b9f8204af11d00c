"""Language tags as people write them → Crossnote's language codes. One rule, used wherever
a language comes in: API query and body parameters, web forms and links, account settings.

A tag is read as BCP 47 (RFC 5646), in any letter case and with "_" taken for "-", by
langcodes, which also knows CLDR's likely subtags: `zh`, `zh-CN`, `zh-SG` and `cmn-Hans`
are Simplified Chinese (`zh-hans`), `zh-TW`, `zh-HK`, `zh-MO` and `zh-Hant-TW` Traditional
(`zh-hant`), `en-US` and `EN-gb` English (`en`). Answers always carry our own code.

Two kinds of refusal, both InvalidInput with a message for people: text that is not a
language tag at all (`zh-`, `../`, 300 characters), and a real tag for a language the
caller does not handle (`fr` as a translation target).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

import langcodes
from django.utils.translation import gettext_lazy as _

from crossnote.core.errors import InvalidInput

# What Crossnote translates between, and what a person may say they speak.
TRANSLATION_LANGUAGES = ("en", "zh-hans", "zh-hant")
SPOKEN_LANGUAGES = (*TRANSLATION_LANGUAGES, "ja", "ko", "es", "fr", "de")
# RFC 5646 §4.4.1: 35 characters hold any tag that matters (language, extlang, script,
# region, variant); longer input is refused before any parsing.
MAX_TAG_LENGTH = 35
_TAG_CHARACTERS = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_CHINESE_SCRIPTS = {"Hans": "zh-hans", "Hant": "zh-hant"}


def _shown(text: str) -> str:
    """`text` as it can be quoted back in a message: short, and printable."""
    short = "".join(c if c.isprintable() else "\ufffd" for c in text[:20])
    return short + ("…" if len(text) > 20 else "")


def _not_a_tag(text: str, error_code: str) -> InvalidInput:
    return InvalidInput(
        _("“%(tag)s” is not a language tag. Write one such as en, zh, zh-CN or zh-TW.")
        % {"tag": _shown(text)},
        code=error_code,
    )


def _not_handled(text: str, allowed: Collection[str], error_code: str) -> InvalidInput:
    if set(allowed) <= set(TRANSLATION_LANGUAGES):
        message = _(
            "Crossnote translates between English and Chinese; “%(tag)s” is not one of them."
        )
    else:
        message = _("Crossnote does not know the language “%(tag)s”. Choose from: %(choices)s.")
    return InvalidInput(
        message % {"tag": _shown(text), "choices": ", ".join(allowed)}, code=error_code
    )


def our_code(text: str) -> str | None:
    """Our code for a well-formed BCP 47 tag (one of SPOKEN_LANGUAGES), None for a tag of a
    language or script we do not have (`fr-CA` is "fr"; `yue` and `zh-Latn` are None).
    Raises InvalidInput (invalid_language) when `text` is not a language tag."""
    tag = text.strip().replace("_", "-")
    if not tag or len(tag) > MAX_TAG_LENGTH or not _TAG_CHARACTERS.fullmatch(tag):
        raise _not_a_tag(text, "invalid_language")
    code = _code_of(tag.lower())
    if code is _MALFORMED:
        raise _not_a_tag(text, "invalid_language")
    return code


_MALFORMED = "\x00malformed"


@lru_cache(maxsize=1024)
def _code_of(tag: str) -> str | None:
    """our_code's answer for a tag already checked for length and characters (langcodes
    takes ~0.1 ms a tag; people use a handful of them)."""
    if not langcodes.tag_is_valid(tag):
        return _MALFORMED
    parsed = langcodes.Language.get(tag, normalize=True)
    if parsed.language in (None, "und"):  # private use, or "undetermined": not a choice
        return None
    # Macrolanguage members name the same written language: Mandarin (cmn) is Chinese.
    language = parsed.prefer_macrolanguage().maximize()
    if language.language == "zh":
        return _CHINESE_SCRIPTS.get(language.script or "")
    return language.language if language.language in SPOKEN_LANGUAGES else None


def parse_language_tag(
    text: str,
    allowed: Collection[str] = TRANSLATION_LANGUAGES,
    *,
    error_code: str = "invalid_target",
) -> str:
    """The code among `allowed` that the BCP 47 tag `text` names: "zh-CN" → "zh-hans",
    "zh-TW" → "zh-hant", "EN-gb" → "en". Raises InvalidInput with `error_code` and a message
    for people when `text` is not a tag, or names a language not in `allowed`."""
    try:
        code = our_code(text)
    except InvalidInput:
        raise _not_a_tag(text, error_code) from None
    if code is None or code not in allowed:
        raise _not_handled(text, allowed, error_code)
    return code
