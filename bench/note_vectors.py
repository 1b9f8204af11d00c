"""Meaning vectors for every generated note, without embedding a million texts.

The app's encoder costs 15–40 ms a note on one core (≈ 4.5 h per million), so the benchmark
embeds, once each and with the app's own encoder (`meaning.encode_documents`), every
distinct piece the generator assembles notes from: the titles, sentences and hashtags of
bench.vocab's pools (~5,700 short texts, 1–2 minutes). A note's vector is the normalised
sum of its own pieces' vectors (title and sentences at weight 1, hashtags at 1/2) plus a
little Gaussian noise, so notes on one subject cluster as real ones do and no two are
identical. `check()` embeds a sample of whole note texts for real and measures how close
the composed vectors are to them.

Rows are written as crossnote.search.vectors stores them (`quantise_many`: int8 codes, scale,
packed sign bits), not pending, with the text hash of `meaning.note_text` as
`search.embedding.texts_of` builds it (so `crossnote embed_notes` finds nothing to redo) and
one `seq` per row in note order, starting at the clock in microseconds as the app's writes
do (docs/MEANING.md): later writes by the app take numbers above them.
"""

from __future__ import annotations

import time

import numpy as np
from django.conf import settings

from bench.texts import NoteText, NoteWriter
from crossnote.search import meaning, vectors
from crossnote.search.meaning import DIMENSIONS

COLUMNS = ["note_id", "seq", "text_hash", "pending", "codes", "scale", "bits"]
TAG_WEIGHT = 0.5
# Norm of the noise added to each composed unit vector: cosine ≈ 1/√(1 + 0.3²) ≈ 0.96.
NOISE = 0.3
CHECK_SAMPLE = 128


def rss_mb() -> float:
    """This process's resident memory."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Composer:
    """Embeds the writer's pieces once; then turns chunks of notes into NoteVector rows."""

    def __init__(self, writer: NoteWriter, seed: int) -> None:
        pools = writer.pools
        texts: dict[str, None] = {}
        for group in [*pools.titles.values(), *pools.sentences.values(), pools.tags]:
            texts.update((piece.text, None) for piece in group)
        self.pieces = list(texts)
        self.row = {text: i for i, text in enumerate(self.pieces)}
        self.tag_names = [piece.text[1:] for piece in pools.tags]
        batch = settings.CROSSNOTE_EMBEDDING_BATCH
        started = time.perf_counter()
        embedded = [
            meaning.encode_documents(self.pieces[i : i + batch])
            for i in range(0, len(self.pieces), batch)
        ]
        self.seconds = time.perf_counter() - started
        # One zero row at the end: what a note's unused slots point at.
        zero = np.zeros((1, DIMENSIONS), dtype=np.float32)
        self.matrix = np.concatenate([*embedded, zero])
        self.rng = np.random.default_rng(seed)
        self.seq = time.time_ns() // 1000
        self.sample: list[tuple[str, np.ndarray]] = []  # (whole text, stored vector)

    def _compose(self, notes: list[NoteText]) -> np.ndarray:
        width = max(1 + len(t.sentences) + len(t.tag_ids) for t in notes)
        pad = len(self.matrix) - 1
        rows = np.full((len(notes), width), pad, dtype=np.int64)
        weights = np.zeros((len(notes), width), dtype=np.float32)
        for n, t in enumerate(notes):
            parts = [self.row[t.title], *(self.row[s] for s in t.sentences)]
            tags = [self.row["#" + self.tag_names[i - 1]] for i in t.tag_ids]
            rows[n, : len(parts) + len(tags)] = parts + tags
            weights[n, : len(parts)] = 1.0
            weights[n, len(parts) : len(parts) + len(tags)] = TAG_WEIGHT
        out = np.zeros((len(notes), DIMENSIONS), dtype=np.float32)
        for k in range(width):
            out += self.matrix[rows[:, k]] * weights[:, k, None]
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        noise = self.rng.standard_normal(out.shape, dtype=np.float32)
        out += noise * np.float32(NOISE / DIMENSIONS**0.5)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out

    def text_of(self, t: NoteText) -> str:
        """What the encoder would read for this note (tags by name, as texts_of orders them)."""
        return meaning.note_text(t.title, t.body, sorted(self.tag_names[i - 1] for i in t.tag_ids))

    def rows(self, notes: list[tuple[int, NoteText]]) -> list[tuple]:
        """search_notevector rows for (note id, text) pairs, in note order."""
        if not notes:
            return []
        composed = self._compose([t for _, t in notes])
        codes, scales, bits = vectors.quantise_many(composed)
        out = []
        for n, (note_id, t) in enumerate(notes):
            text = self.text_of(t)
            out.append(
                (
                    note_id,
                    self.seq,
                    vectors.text_hash(text),
                    False,
                    codes[n].tobytes(),
                    float(scales[n]),
                    bits[n].tobytes(),
                )
            )
            self.seq += 1
        for n in range(min(CHECK_SAMPLE - len(self.sample), len(notes))):
            self.sample.append((self.text_of(notes[n][1]), composed[n]))
        return out

    def check(self) -> dict[str, float]:
        """Embed the sample's whole texts for real: how close are the composed vectors?"""
        texts = [text for text, _ in self.sample]
        started = time.perf_counter()
        real = meaning.encode_documents(texts)
        rate = len(texts) / (time.perf_counter() - started)
        composed = np.stack([vector for _, vector in self.sample])
        cosines = np.sum(real * composed, axis=1)
        # Does each composed vector find its own note's real vector first among the sample?
        own = np.mean(np.argmax(composed @ real.T, axis=1) == np.arange(len(texts)))
        return {
            "pieces_embedded": len(self.pieces),
            "pieces_seconds": round(self.seconds, 1),
            "sample": len(texts),
            "cosine_mean": round(float(np.mean(cosines)), 3),
            "cosine_p10": round(float(np.percentile(cosines, 10)), 3),
            "own_first": round(float(own), 3),
            "real_notes_per_s": round(rate, 1),
        }


def describe(info: dict) -> str:
    """One note line about how the dataset's vectors were made."""
    if not info:
        return "meaning vectors: none in this dataset (generated with --no-vectors or before)"
    return (
        f"meaning vectors: {info['pieces_embedded']:,} distinct pieces embedded once"
        f" ({info['pieces_seconds']:.0f} s), each note = its pieces' sum + noise;"
        f" against {info['sample']} whole notes embedded for real: cosine mean"
        f" {info['cosine_mean']:.2f} (p10 {info['cosine_p10']:.2f}), the composed vector's"
        f" nearest real one is its own note's for {info['own_first']:.0%}"
    )
