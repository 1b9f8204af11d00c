"""Text rules shared by usernames, titles, bodies and tags."""

from __future__ import annotations

import unicodedata

import regex

# Characters that render as nothing or reorder text: used to spoof names and links.
INVISIBLE_CONTROLS = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u034f\u061c"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u180e"
)


ZWJ = "\u200d"
# A zero-width joiner belongs to an emoji ZWJ sequence (👩‍👩‍👧‍👦, 🏳️‍🌈, 👨🏽‍💻) when it joins
# a pictograph (after any skin tone or emoji presentation selector) to another pictograph.
# Anywhere else it is invisible glue, as in "pay\u200dpal". app.js applies the same rule.
_STRAY_ZWJ = regex.compile(
    r"(?<![\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F])\u200d"
    r"|\u200d(?!\p{Extended_Pictographic})"
)
_OTHER_CONTROLS = regex.compile("[" + "".join(sorted(INVISIBLE_CONTROLS - {ZWJ})) + "]")
_GRAPHEME = regex.compile(r"\X")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def has_invisible_controls(text: str) -> bool:
    return any(ch in INVISIBLE_CONTROLS for ch in text)


def strip_invisible_controls(text: str) -> str:
    """Without invisible controls, except the joiners inside emoji ZWJ sequences."""
    return _OTHER_CONTROLS.sub("", _STRAY_ZWJ.sub("", text))


def clean_text(text: str) -> str:
    """User-written prose: NFC, no invisible controls, Windows newlines folded, trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return strip_invisible_controls(text).strip()


def graphemes(text: str) -> list[str]:
    """The user-perceived characters (extended grapheme clusters, UAX #29) of `text`."""
    return _GRAPHEME.findall(text)


def rednote_length(text: str) -> float:
    """Length as RedNote counts a title, per character a person sees (grapheme cluster): a
    CJK (or any non-ASCII) character or an emoji sequence is 1, an ASCII letter ½."""
    return sum(0.5 if cluster.isascii() else 1.0 for cluster in graphemes(text))
