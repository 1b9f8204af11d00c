"""The test set: short English and Chinese notes and comments with reference translations.

sentences.tsv has a header row and five tab-separated columns: id, source_language ("en"
or "zh-hans"), the source text, its reference translation, and a topic. The target of a
sentence is the other language.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

PATH = Path(__file__).resolve().parent / "sentences.tsv"
LANGUAGES = ("zh-hans", "en")
COLUMNS = ["id", "source_language", "source", "reference", "topic"]


@dataclass(frozen=True)
class Sentence:
    id: str
    source_language: str
    source: str
    reference: str
    topic: str

    @property
    def target_language(self) -> str:
        return "en" if self.source_language == "zh-hans" else "zh-hans"

    @property
    def direction(self) -> str:
        return direction_name(self.source_language)


def direction_name(source_language: str) -> str:
    return "zh→en" if source_language == "zh-hans" else "en→zh"


def load(path: Path = PATH) -> list[Sentence]:
    """Every sentence of the file, checked: raises ValueError on a malformed row."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header != COLUMNS:
            raise ValueError(f"{path.name}: header {header}, expected {COLUMNS}")
        sentences = [_sentence(path, n, row) for n, row in enumerate(reader, start=2)]
    ids = [s.id for s in sentences]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path.name}: duplicate ids")
    return sentences


def _sentence(path: Path, line: int, row: list[str]) -> Sentence:
    if len(row) != len(COLUMNS) or not all(cell.strip() for cell in row):
        raise ValueError(f"{path.name}:{line}: expected {len(COLUMNS)} non-empty columns")
    if row[1] not in LANGUAGES:
        raise ValueError(f"{path.name}:{line}: unknown source language {row[1]!r}")
    return Sentence(*row)


def subset(sentences: list[Sentence], limit: int | None) -> list[Sentence]:
    """At most `limit` sentences, half from each source language, spread evenly over the
    file (so every topic is represented); all of them when `limit` is None."""
    if limit is None or limit >= len(sentences):
        return sentences
    chosen: list[Sentence] = []
    for i, language in enumerate(LANGUAGES):
        pool = [s for s in sentences if s.source_language == language]
        want = min(len(pool), limit // 2 + (limit % 2 if i == 0 else 0))
        step = len(pool) / want if want else 1
        chosen.extend(pool[int(k * step)] for k in range(want))
    return chosen
