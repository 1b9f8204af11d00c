"""Turning text into search words, the same way for documents and queries.

Chinese has no spaces, so jieba segments it; `cut_for_search` also emits the shorter words
inside long ones (咖啡馆 → 咖啡, 咖啡馆), so a two-character query finds them. English words
are lower-cased and stemmed with Snowball (tips → tip) so plurals and tenses meet.
"""

from __future__ import annotations

import logging
from functools import cache

import jieba
import snowballstemmer

from crossnote.core.text import nfkc

jieba.setLogLevel(logging.WARNING)


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def words(text: str) -> list[str]:
    """Search words of `text`, in order, with repeats (they weigh in ranking)."""
    out = []
    stemmer = _stemmer()
    for token in jieba.cut_for_search(nfkc(text).lower()):
        token = token.strip()
        if not token or not any(ch.isalnum() for ch in token):
            continue
        if token.isascii():
            token = stemmer.stemWord(token)
        out.append(token)
    return out


def query_words(text: str, limit: int = 12) -> list[str]:
    """Distinct search words of a query, at most `limit` of them."""
    seen: list[str] = []
    for word in words(text):
        if word not in seen:
            seen.append(word)
    return seen[:limit]
