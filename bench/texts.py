"""Assembling note texts from the pre-segmented pools of bench.vocab."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from bench import vocab
from crossnote.search.tokens import words
from crossnote.tags.parsing import parse_hashtags, tag_key

TAGS_PER_NOTE = [(1, 15), (2, 30), (3, 30), (4, 15), (5, 10)]


def weighted(options: list[tuple[object, int]], rng: random.Random, k: int) -> list:
    """k draws from (value, weight) pairs."""
    values = [o for o, _w in options]
    return rng.choices(values, weights=[w for _o, w in options], k=k)


@dataclass
class NoteText:
    title: str
    body: str
    place: str
    head_words: str
    body_words: str
    tag_ids: list[int]
    sentences: tuple[str, ...] = ()  # the body's sentences (bench.note_vectors composes them)


class NoteWriter:
    """Assembles notes from the pre-segmented pools."""

    def __init__(self, rng: random.Random, tag_count: int) -> None:
        self.rng = rng
        self.pools = vocab.build_pools(rng, tag_count, sentences_per_topic=200)
        self.head_tags = [" ".join(words(t.text[1:])) for t in self.pools.tags]
        self.tag_cum = list(
            itertools.accumulate(1.0 / (r + 1) for r in range(len(self.pools.tags)))
        )
        self.tag_ranks = range(len(self.pools.tags))

    def text(self, language: str, topic: str) -> NoteText:
        rng, pools = self.rng, self.pools
        zh = language != "en"
        title = rng.choice(pools.titles[zh, topic])
        sentences = rng.sample(pools.sentences[zh, topic], rng.randint(1, 3))
        if language == "mixed":
            sentences.append(rng.choice(pools.sentences[False, topic]))
        want = weighted(TAGS_PER_NOTE, rng, 1)[0]
        ranks = list(dict.fromkeys(rng.choices(self.tag_ranks, cum_weights=self.tag_cum, k=want)))
        tags = [pools.tags[r] for r in ranks]
        place = rng.choice(pools.places) if rng.random() < 0.6 else None
        pieces = [*sentences, *tags]
        body_words = [p.words for p in pieces] + ([place.words] if place else [])
        return NoteText(
            title=title.text,
            body=" ".join(p.text for p in pieces),
            place=place.text if place else "",
            head_words=" ".join(w for w in [title.words, *(self.head_tags[r] for r in ranks)] if w),
            body_words=" ".join(w for w in body_words if w),
            tag_ids=[r + 1 for r in ranks],
            sentences=tuple(p.text for p in sentences),
        )


def check_texts(writer: NoteWriter, rng: random.Random, samples: int = 200) -> None:
    """The assembled search words and tags equal what the app computes from the text."""
    for _ in range(samples):
        t = writer.text(rng.choice(["zh", "en", "mixed"]), rng.choice(vocab.TOPICS))
        tags = parse_hashtags(t.body)
        names = [writer.pools.tags[i - 1].text[1:] for i in t.tag_ids]
        assert [tag_key(n) for n in tags] == [tag_key(n) for n in names], (t.body, tags)
        assert " ".join(words(" ".join([t.title, *names]))) == t.head_words, t
        assert " ".join(words(f"{t.body} {t.place}")) == t.body_words, t
