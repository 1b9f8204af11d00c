"""English → Chinese gloss: the longest phrase first ("thanks for", "milk tea", "high-speed
train", "red envelope", up to four words), from the small hand-written table of everyday
words, app senses and slang, then from CC-CEDICT read backwards; then single words. Irregular
past forms are looked up by their present ("went" as "go"). A word neither knows (a name,
"RedNote") stays as written, and so do #hashtags, @mentions and links.
"""

from __future__ import annotations

import re
from functools import cache

from crossnote.translation.gloss import lexicon
from crossnote.translation.gloss.dictionary import english_key, english_to_chinese

_WORD = re.compile(
    r"https?://\S+|[@#＃][\w\u3400-\u9fff]+#?"  # links, @mentions and #tags: names, kept
    r"|[A-Za-z]\.[A-Za-z]\."  # a.m., p.m., e.g.
    r"|[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*|\d+(?:[.,:/]\d+)*|[^\sA-Za-zÀ-ÿ\d]"
)
_KEPT_SPACE = "\x00"  # stands for a space _tidy must not remove
_PUNCTUATION = {",": "，", ".": "。", "!": "！", "?": "？", ";": "；", ":": "："}
_LONGEST = 4


def _is_word(token: str) -> bool:
    return token[:1].isalpha()


@cache
def _table_by_stems() -> dict[str, str]:
    return {english_key(phrase.split()): chinese for phrase, chinese in lexicon.ENGLISH.items()}


def _lookup(words: list[str], reverse: dict[str, str]) -> str | None:
    lower = [w.lower().replace("’", "'") for w in words]
    present = [lexicon.IRREGULAR.get(w, w) for w in lower]
    for phrase in (" ".join(lower), " ".join(present)):  # "got lost", then "get lost"
        if phrase in lexicon.ENGLISH:
            return lexicon.ENGLISH[phrase]
    key = english_key(present)
    return _table_by_stems().get(key, reverse.get(key))


def _phrase(tokens: list[str], i: int, reverse: dict[str, str]) -> tuple[str, int] | None:
    """The Chinese for the longest phrase starting at tokens[i], and its length in words."""
    for n in range(_LONGEST, 0, -1):
        words = tokens[i : i + n]
        if len(words) == n and all(_is_word(w) for w in words):
            found = _lookup(words, reverse)
            if found is not None:
                return found, n
    return None


def _gloss_line(line: str, reverse: dict[str, str]) -> str:
    tokens = _WORD.findall(line)
    pieces: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        found = _phrase(tokens, i, reverse) if _is_word(token) else None
        if found is None:
            if token[:1] in "@#＃" or token.startswith("http"):
                pieces.append(" " + token + _KEPT_SPACE)  # a name: the space after it stays
            elif _is_word(token):
                pieces.append(" " + token + " ")  # a word the dictionary lacks
            else:
                pieces.append(_PUNCTUATION.get(token, token))
            i += 1
            continue
        chinese, length = found
        pieces.append(chinese)
        i += length
    return _tidy("".join(pieces))


def _tidy(text: str) -> str:
    """One space between Latin words kept as written; none between them and Chinese."""
    text = re.sub(r" +", " ", text)
    text = re.sub(r" (?=[\u3000-\u303f\uff00-\uffef\u3400-\u9fff])", "", text)
    text = re.sub(r"(?<=[\u3000-\u303f\uff00-\uffef\u3400-\u9fff]) ", "", text)
    return re.sub(r" ?\x00 ?", " ", text).strip()


def gloss_english(text: str) -> str:
    reverse = english_to_chinese()
    return "\n".join(_gloss_line(line, reverse) for line in text.split("\n"))
