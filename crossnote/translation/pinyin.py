"""Pinyin for newcomers: how a Chinese name or hashtag is read (pypinyin, tone marks)."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


def _has_chinese(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


@lru_cache(maxsize=4096)
def pinyin_of(text: str) -> str:  # cached: names and tags repeat on every page
    """ "xiǎo hóng shǔ" for 小红薯; "" for text with no Chinese characters. Latin parts are
    kept as they are ("TikTok nàn mín")."""
    if not text or not _has_chinese(text):
        return ""
    return " ".join(
        part for part in lazy_pinyin(text, style=Style.TONE, errors="default") if part.strip()
    )
