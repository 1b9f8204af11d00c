"""Text as exports write it, made fit to store: Instagram's mojibake repaired, lone
surrogates and control characters (NUL among them) taken out."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls and DEL, except tab and newline; NUL is among them (PostgreSQL refuses it).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def repair_mojibake(text: str) -> str:
    """Instagram writes UTF-8 bytes as if each were a Latin-1 character ("\\u00c3\\u00a4"
    for "ä"). Undo that when the text is nothing but such characters and they form valid
    UTF-8; anything else (text written properly) is returned unchanged."""
    if not text or text.isascii() or max(text) > "\xff":
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return text


def clean(value: object, *, mojibake: bool = False, limit: int = 5000) -> str:
    """A string from an export, safe to store: surrogates become U+FFFD, controls go,
    at most `limit` characters. Non-strings become ""."""
    if not isinstance(value, str):
        return ""
    text = _SURROGATE.sub("\ufffd", value)
    if mojibake:
        text = repair_mojibake(text)
    return _CONTROLS.sub("", text)[:limit].strip()
