"""Chinese → English gloss: jieba cuts each run of Chinese into words (its dictionary holds
the multi-character phrases: 酒店, 吃饺子, 性价比), and each word becomes its best English
sense, chosen by frequency and part of speech (dictionary.py). The neighbouring words decide
the rest: particles are dropped, numerals become numbers, classifiers after a numeral or a
demonstrative go (这家店 "this shop", 一杯豆浆 "one cup of soy milk"), a pronoun before 的
becomes a possessive (我的猫 "my cat"), 好 before a word is "so" and alone is "good".
"""

from __future__ import annotations

import logging
import re

import jieba

from crossnote.translation.gloss import lexicon
from crossnote.translation.gloss.dictionary import chinese_glosses

jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not for our logs

_PUNCTUATION = str.maketrans(
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
# Runs of Chinese text and its punctuation; everything between (English, numbers, emoji
# such as 1️⃣) is kept exactly as written, and so are names: links, @mentions, #tags.
_CHINESE_RUN = re.compile(
    r"(?P<name>https?://\S+|[@#＃][\w\u3400-\u9fff]+#?)"
    r"|[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e\u2018\u2019\u201c\u201d\u2026]+"
)
_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_NUMBER_AND_UNIT = re.compile(f"^([{_NUMERAL}]+)(.*)$")


def _is_chinese(piece: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in piece)


def _known(word: str, glosses: dict[str, str]) -> bool:
    return word in glosses or word in lexicon.EVERYDAY or word in lexicon.PARTICLES


def _longest_words(compound: str, glosses: dict[str, str]) -> list[str]:
    """An unknown compound (咖啡店) split into the longest words the dictionary knows (咖啡 店);
    a character it does not know stays as it is."""
    words, i = [], 0
    while i < len(compound):
        for end in range(min(len(compound), i + 4), i, -1):
            if _known(compound[i:end], glosses) or end == i + 1:
                words.append(compound[i:end])
                i = end
                break
    return words


def chinese_number(numeral: str) -> int | None:
    """三十 → 30, 两万 → 20000, 五百 → 500, 一 → 1; None for what is not a plain number."""
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in lexicon.DIGITS:
            if digit is not None:
                return None  # 一二 is not a number
            digit = lexicon.DIGITS[ch]
        elif ch in lexicon.MAGNITUDES:
            magnitude = lexicon.MAGNITUDES[ch]
            if magnitude >= 10_000:
                total += (section + (digit or 0)) * magnitude
                section = 0
            else:
                section += (1 if digit is None else digit) * magnitude
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def _number_words(n: int) -> str:
    return lexicon.NUMBER_WORDS[n] if n < len(lexicon.NUMBER_WORDS) else f"{n:,}"


def _numeral_phrase(piece: str, glosses: dict[str, str]) -> str | None:
    """三天 → "three days", 一杯 → "one cup of", 一个 → "one"; None when the piece is a word
    that starts with a numeral (一起, 十分, 万一) rather than a number and a unit."""
    match = _NUMBER_AND_UNIT.match(piece)
    if not match:
        return None
    numeral, unit = match.groups()
    n = chinese_number(numeral)
    if n is None:
        return None
    if unit in lexicon.CLASSIFIERS or (not unit and piece not in lexicon.EVERYDAY):
        return _number_words(n)
    if unit in lexicon.UNITS:
        english = lexicon.UNITS[unit]
        if n == 1 and english.endswith("s") and " " not in english:
            english = english[:-1]  # "one day", "one hour"
        return f"{_number_words(n)} {english}"
    return None


def _gloss_run(run: str) -> str:
    glosses = chinese_glosses()
    pieces: list[str] = []
    for piece in jieba.cut(run):
        if (
            _is_chinese(piece)
            and not _known(piece, glosses)
            and _numeral_phrase(piece, glosses) is None
        ):
            pieces.extend(_longest_words(piece, glosses))
        else:
            pieces.append(piece)
    out: list[str] = []
    previous = ""
    for i, piece in enumerate(pieces):
        word = _gloss_token(piece, previous, pieces[i + 1 : i + 2], glosses)
        if piece == "的" and previous in lexicon.PRONOUNS and out:
            out[-1] = lexicon.PRONOUNS[previous][1]  # 我的 → "my"
        elif word:
            out.append(word)
        previous = piece
    return re.sub(r" ([,.!?;:)\]])", r"\1", " ".join(out))


def _gloss_token(
    piece: str,
    previous: str,
    following: list[str],
    glosses: dict[str, str],
) -> str:
    if not _is_chinese(piece):
        return piece.translate(_PUNCTUATION).strip()
    if piece == "吗" and following and following[0] in ("？", "?"):
        return ""  # the question mark is already there
    if piece in lexicon.PARTICLES:
        return lexicon.PARTICLES[piece]
    if piece == "好" and following and _is_chinese(following[0]):
        return "so"  # 好漂亮 "so pretty"; 很好 is "very good"
    if piece in lexicon.EVERYDAY:
        return lexicon.EVERYDAY[piece]
    if piece in lexicon.PRONOUNS:
        return lexicon.PRONOUNS[piece][0]
    if len(piece) == 2 and piece[0] in lexicon.DEMONSTRATIVES and piece[1] in lexicon.CLASSIFIERS:
        return lexicon.DEMONSTRATIVES[piece[0]]  # 这家 → "this"
    if piece in lexicon.CLASSIFIERS and (
        previous in lexicon.DEMONSTRATIVES or _is_number(previous)
    ):
        return ""  # 这 家 cut apart
    if (phrase := _numeral_phrase(piece, glosses)) is not None:
        return phrase
    if piece in glosses:
        return glosses[piece]
    return piece


def _is_number(piece: str) -> bool:
    return bool(piece) and chinese_number(piece) is not None


def _needs_space(before: str, after: str) -> bool:
    """Between a glossed run and the text beside it: a word after a word or after the end of
    a sentence ("coffee. Here's"), nothing before punctuation or beside a space."""
    if not (before and after) or not after[0].isalnum():
        return False
    return before[-1].isalnum() or before[-1] in '.,!?;:)"'


def _capitalised(gloss: str, starts_sentence: bool) -> str:
    """The first word of each sentence the gloss begins gets a capital letter."""
    if starts_sentence and gloss[:1].islower():
        gloss = gloss[0].upper() + gloss[1:]
    return re.sub(r"([.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), gloss)


def gloss_chinese(text: str) -> str:
    """Each run of Chinese glossed; the text around it kept as written."""
    out, position = "", 0
    for match in _CHINESE_RUN.finditer(text):
        if match.group("name"):
            continue  # kept as written, with the text around it
        before = text[position : match.start()]
        out += (" " if _needs_space(out, before) else "") + before
        starts_sentence = not out.strip() or out.rstrip()[-1] in ".!?\n"
        glossed = _capitalised(_gloss_run(match.group()), starts_sentence)
        out += (" " if _needs_space(out, glossed) else "") + glossed
        position = match.end()
    rest = text[position:]
    out += (" " if _needs_space(out, rest) else "") + rest
    return out.strip()
