"""Text rules shared by usernames, titles, bodies and tags."""

from __future__ import annotations

import unicodedata

# Characters that render as nothing or reorder text: used to spoof names and links.
INVISIBLE_CONTROLS = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u034f\u061c"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u180e"
)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def has_invisible_controls(text: str) -> bool:
    return any(ch in INVISIBLE_CONTROLS for ch in text)


def strip_invisible_controls(text: str) -> str:
    return "".join(ch for ch in text if ch not in INVISIBLE_CONTROLS)


def clean_text(text: str) -> str:
    """User-written prose: NFC, no invisible controls, Windows newlines folded, trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return strip_invisible_controls(text).strip()


def rednote_length(text: str) -> float:
    """Length as RedNote counts a title: a CJK (or any non-ASCII) character is 1, ASCII is ½."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)
