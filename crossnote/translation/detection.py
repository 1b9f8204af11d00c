"""Which language a piece of text is in, decided on the server with lingua.

The author's language setting is a hint, not the truth (Mastodon's users have complained
for years about posts tagged with the wrong language): it only decides when the text is too
short or too ambiguous for the detector. Mixed text is judged by where most of its words
are: "this 口红 is so good 绝了" is English with some Chinese in it. Chinese is told apart as
Simplified or Traditional by whether converting it to Simplified changes it.
"""

from __future__ import annotations

from functools import cache

from crossnote.core.chinese import to_simplified
from crossnote.core.text import nfkc

# What we detect: the languages of our interface and of most newcomers.
_CODES = {
    "ENGLISH": "en",
    "CHINESE": "zh-hans",
    "JAPANESE": "ja",
    "KOREAN": "ko",
    "SPANISH": "es",
    "FRENCH": "fr",
    "GERMAN": "de",
}
# Below this confidence (or this many letters) the author's hint wins, if there is one.
MIN_CONFIDENCE = 0.5
MIN_LETTERS = 3
# The hint also wins when the detector rates it at least this share of its best guess.
HINT_SHARE = 0.5


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _CODES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def chinese_script(text: str) -> str:
    """ "zh-hant" if the text is written in Traditional characters, else "zh-hans"."""
    return "zh-hant" if to_simplified().convert(text) != text else "zh-hans"


def detect_language(text: str, hint: str = "") -> str:
    """Our language code for `text` ("en", "zh-hans", "zh-hant", "ja", …), or the hint, or ""
    when neither the text nor the hint says anything."""
    text = nfkc(text).strip()
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_LETTERS and not any(_is_cjk(ch) for ch in text):
        return hint
    if _mixes_scripts(text):
        # Two scripts: Chinese if most words are Chinese, else the Latin part decides.
        cjk = sum(_is_cjk(ch) for ch in text) / 1.7
        latin = "".join(" " if _is_cjk(ch) else ch for ch in text)
        if cjk >= _word_weight(latin):
            return chinese_script(text)
        text = latin
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return hint
    confidence = {_CODES[c.language.name]: c.value for c in values}
    best = _CODES[values[0].language.name]
    # Short sentences often look like a neighbour language: the author's own language
    # wins when the detector finds it about as likely as its best guess.
    if (
        hint
        and hint != best
        and (
            confidence[best] < MIN_CONFIDENCE
            or confidence.get(_base(hint), 0.0) >= HINT_SHARE * confidence[best]
        )
    ):
        return hint
    if best == "zh-hans":
        return chinese_script(text)
    return best


def language_hint(user: object) -> str:
    """What the author says they write in: their first language, if any."""
    languages = getattr(user, "languages", None) or []
    return languages[0] if languages else ""


def _mixes_scripts(text: str) -> bool:
    has_cjk = any(_is_cjk(ch) for ch in text)
    has_latin = any(ch.isascii() and ch.isalpha() for ch in text)
    return has_cjk and has_latin


def _base(code: str) -> str:
    return "zh-hans" if code.startswith("zh") else code


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _word_weight(piece: str) -> float:
    """Roughly how many words a piece holds: Latin words by spaces, Chinese characters at
    about 1.7 characters a word (the average word length of modern Chinese)."""
    cjk = sum(_is_cjk(ch) for ch in piece)
    latin_words = len([w for w in piece.split() if any(c.isalpha() and not _is_cjk(c) for c in w)])
    return latin_words + cjk / 1.7
