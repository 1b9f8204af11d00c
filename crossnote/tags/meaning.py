"""Alias suggestions from meaning: an English tag and a Chinese tag whose names mean the same
(#makeup ↔ #美妆, #fitness ↔ #健身) become a suggestion for moderators, where a word-by-word
gloss finds nothing ("beautiful adorn oneself").

Tag names are embedded with the note encoder (crossnote.search.meaning: the same vectors
across English and Chinese), each name once per process. A new tag is compared with the
CANDIDATE_TAGS most used topics written in the other language; the best one is suggested
when the two are close (cosine ≥ ALIAS_SIMILARITY) and *mutual* nearest neighbours: the
new tag is also the closest, among the most used topics in its own language, to that
one. Mutual nearness is what keeps #dumplings from being suggested for #火锅 (its best match,
but #火锅's best is #hotpot). The threshold was set on 14 everyday pairs (hotpot, coffee,
makeup, visa…): 13 of the right pairs score 0.646–0.94 (#dumplings ↔ #饺子, 0.61, is
missed), the closest wrong pair 0.63 (#dumplings ↔ #火锅).
"""

from __future__ import annotations

import re
import threading

import numpy as np

from crossnote.search import meaning
from crossnote.tags.models import Hashtag

ALIAS_SIMILARITY = 0.64
CANDIDATE_TAGS = 500
_CACHE_LIMIT = 20_000
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

_lock = threading.Lock()
_name_vectors: dict[str, np.ndarray] = {}


def is_chinese(name: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in name)


def readable(name: str) -> str:
    """A tag name as words for the encoder: 'TikTokRefugee' → 'Tik Tok Refugee'."""
    return _CAMEL.sub(" ", name).replace("_", " ")


def name_vectors(names: list[str]) -> np.ndarray:
    """The vectors of tag names (rows, unit length), embedding only those not seen yet."""
    with _lock:
        missing = [n for n in dict.fromkeys(names) if n not in _name_vectors]
    if missing:
        embedded = meaning.encode_documents([readable(n) for n in missing])
        with _lock:
            if len(_name_vectors) + len(missing) > _CACHE_LIMIT:
                _name_vectors.clear()
            _name_vectors.update(zip(missing, embedded, strict=True))
    with _lock:
        return np.stack([_name_vectors[n] for n in names]) if names else np.zeros((0, 0))


def _topics(chinese: bool, leave_out: int) -> list[Hashtag]:
    """The most used topics (tags that are not aliases) written in Chinese, or not."""
    topics = Hashtag.objects.filter(canonical__isnull=True, note_count__gt=0).exclude(pk=leave_out)
    found = [
        t
        for t in topics.order_by("-note_count", "pk")[: CANDIDATE_TAGS * 4]
        if is_chinese(t.name) == chinese
    ]
    return found[:CANDIDATE_TAGS]


def meaning_match(tag: Hashtag) -> tuple[Hashtag, float] | None:
    """The topic in the other language that `tag` names the same, by meaning, and their
    similarity; None when none is close enough and mutually nearest."""
    chinese = is_chinese(tag.name)
    others = _topics(not chinese, tag.pk)
    if not others:
        return None
    mine = name_vectors([tag.name])[0]
    scores = name_vectors([t.name for t in others]) @ mine
    best = int(np.argmax(scores))
    if scores[best] < ALIAS_SIMILARITY:
        return None
    match = others[best]
    rivals = [t for t in _topics(chinese, match.pk) if t.pk != tag.pk]
    if rivals:
        theirs = name_vectors([t.name for t in rivals]) @ name_vectors([match.name])[0]
        if float(np.max(theirs)) > float(scores[best]):
            return None  # the other tag is closer to something else in our language
    return match, float(scores[best])
