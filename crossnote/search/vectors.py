"""Notes nearest in meaning: stored int8 vectors and an in-memory index over their signs.

The truth is the `NoteVector` table (crossnote.search.models), the same on SQLite and
PostgreSQL. Each process that asks `nearest` keeps an index in memory (crossnote.search.
binary_index): every int8 vector and its sign bits; the signs are scanned by Hamming distance
and the best 1,024 are ranked exactly by their int8 vectors.
Before each search the index reads the rows written since it last looked (`seq` above its
mark), so a publish, an edit or a deletion in any process is seen by the next search.

This works on any database, which matters because pgvector is not on every PostgreSQL (it is
not on Debian's). Where it is, crossnote.search.pgvector answers `nearest` from an HNSW
index in the database instead (docs/MEANING.md).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Collection, Iterable

import numpy as np
from django.db import connection, transaction

from crossnote.search import pgvector
from crossnote.search.binary_index import BinaryIndex, pack_signs
from crossnote.search.meaning import DIMENSIONS
from crossnote.search.models import NoteVector

# How many of the Hamming scan's best are ranked exactly, at least (bench/MEANING.md: at 1M,
# 256 → recall@10 51 %, 1,024 → 80 %, 2,048 → 91 %; cosine of what is found 98.4–99.8 %).
SHORTLIST = 1024
# Serialises `seq` numbers with commits on PostgreSQL (any constant shared by all writers).
_SEQ_LOCK = 0x7EC7
_LOAD_CHUNK = 20_000


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# --- Compact storage -------------------------------------------------------------------


def quantise_many(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`quantise` for each row of a matrix at once (bulk loads): the int8 codes (n × d),
    the scales (n, float64) and the packed sign bits (n × d/8) as the table stores them."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    peak = np.max(np.abs(vectors), axis=1)
    peak[peak == 0] = 1.0
    codes = np.clip(np.rint(vectors / peak[:, None] * 127), -127, 127).astype(np.int8)
    return codes, peak.astype(np.float64) / 127, np.packbits(codes > 0, axis=1)


def quantise(vector: np.ndarray) -> tuple[bytes, float]:
    """int8 codes and the scale that turns them back: codes × scale ≈ vector."""
    codes, scales, _bits = quantise_many(vector)
    return codes[0].tobytes(), float(scales[0])


def dequantise(codes: bytes, scale: float) -> np.ndarray:
    """The unit vector the codes stand for (float32, length 1)."""
    vector = np.frombuffer(bytes(codes), dtype=np.int8).astype(np.float32) * scale
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


# --- Writes (inside the caller's transaction) ------------------------------------------


def _next_seq() -> int:
    """The next change number. On PostgreSQL a transaction-scoped lock makes writers take
    numbers in commit order (SQLite has one writer at a time anyway), so a reader that
    sees N has seen everything below N. Numbers follow the clock (microseconds) as well,
    so a number is never given twice even when a transaction that took it rolled back: an
    index that read the rolled-back row is not fooled by a different row with its number."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SEQ_LOCK])
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM search_notevector")
        return max(int(cursor.fetchone()[0]) + 1, time.time_ns() // 1000)


def mark_pending(note_id: int, digest: str) -> bool:
    """Note that `note_id` must be (re-)embedded for the text hashed `digest`; until it is,
    it leaves the index (an edit from coffee to tea stops matching coffee at once). False
    when that very text is embedded already (an edit that changed no words)."""
    with transaction.atomic():
        row = NoteVector.objects.filter(note_id=note_id).values_list(
            "text_hash", "pending", "scale"
        )
        current = row.first()
        if current and current[0] == digest and (current[1] or current[2] > 0):
            return False
        NoteVector.objects.update_or_create(
            note_id=note_id,
            defaults={
                "seq": _next_seq(),
                "text_hash": digest,
                "pending": True,
                "codes": None,
                "bits": None,
                "scale": 0.0,
            },
        )
        if pgvector.kind():
            pgvector.write(note_id, None)
    return True


def mark_pending_many(digests: dict[int, str]) -> list[int]:
    """`mark_pending` for many notes in one transaction; returns the ids now waiting."""
    with transaction.atomic():
        return [note_id for note_id, digest in digests.items() if mark_pending(note_id, digest)]


def remove(note_id: int) -> None:
    """Take a note out of the index (deleted, hidden). The row stays as a tombstone."""
    with transaction.atomic():
        NoteVector.objects.filter(note_id=note_id).update(
            seq=_next_seq(), pending=False, codes=None, bits=None, scale=0.0, text_hash=""
        )
        if pgvector.kind():
            pgvector.write(note_id, None)


def store(embedded: Iterable[tuple[int, str, np.ndarray]]) -> int:
    """Keep the vectors of (note id, text hash, vector) for notes still waiting for exactly
    that text; a note edited or deleted since is left to the task its change queued.
    Returns how many were stored."""
    stored = 0
    with transaction.atomic():
        seq = _next_seq()
        for note_id, digest, vector in embedded:
            codes, scale = quantise(vector)
            updated = NoteVector.objects.filter(
                note_id=note_id, pending=True, text_hash=digest
            ).update(
                seq=seq + stored,
                pending=False,
                codes=codes,
                scale=scale,
                bits=pack_signs(np.frombuffer(codes, dtype=np.int8)).tobytes(),
            )
            if updated and pgvector.kind():
                pgvector.write(note_id, vector)
            stored += updated
    return stored


# --- Reads ------------------------------------------------------------------------------


def _stored(ids: list[int]) -> tuple[list[int], np.ndarray]:
    """Ids of those notes that have a vector, and their unit vectors as one matrix."""
    if not ids:
        return [], np.zeros((0, DIMENSIONS), dtype=np.float32)
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(
            "SELECT note_id, codes, scale FROM search_notevector"  # noqa: S608
            f" WHERE note_id IN ({marks}) AND codes IS NOT NULL",
            ids,
        )
        rows = cursor.fetchall()
    if not rows:
        return [], np.zeros((0, DIMENSIONS), dtype=np.float32)
    codes = np.frombuffer(b"".join(bytes(r[1]) for r in rows), dtype=np.int8)
    matrix = codes.reshape(len(rows), DIMENSIONS).astype(np.float32)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return [r[0] for r in rows], matrix


def vectors_of(ids: Iterable[int]) -> dict[int, np.ndarray]:
    """The stored vectors of those notes that have one (unit length, float32)."""
    found, matrix = _stored(list(dict.fromkeys(ids)))
    return dict(zip(found, matrix, strict=True))


def vector_of(note_id: int) -> np.ndarray | None:
    return vectors_of([note_id]).get(note_id)


class _Shared:
    """This process's index and how far into the change log it has read."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: BinaryIndex | None = None
        self.seq = 0
        self.database = ""


_shared = _Shared()


def _load() -> tuple[BinaryIndex, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(seq), 0), COUNT(codes) FROM search_notevector")
        seq, count = (int(value) for value in cursor.fetchone())
        # Sized once: growing by doubling would hold up to twice the memory at 1M.
        index = BinaryIndex(DIMENSIONS, capacity=count + 1024)
        cursor.execute("SELECT note_id, codes FROM search_notevector WHERE codes IS NOT NULL")
        while rows := cursor.fetchmany(_LOAD_CHUNK):
            index.add_many([r[0] for r in rows], [bytes(r[1]) for r in rows])
    return index, seq


def _catch_up(index: BinaryIndex, seq: int) -> int | None:
    """Apply the rows changed after `seq`, in order; returns the new mark, or None when the
    table is behind the index (restored, or a test's transaction rolled back): reload."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM search_notevector")
        if int(cursor.fetchone()[0]) < seq:
            return None
        cursor.execute(
            "SELECT seq, note_id, codes FROM search_notevector WHERE seq > %s ORDER BY seq",
            [seq],
        )
        for row_seq, note_id, codes in cursor.fetchall():
            if codes is None:
                index.remove(note_id)
            else:
                index.add(note_id, bytes(codes))
            seq = row_seq
    return seq


def index() -> BinaryIndex:
    """This process's index, brought up to date with the table."""
    database = connection.settings_dict["NAME"]
    with _shared.lock:
        if _shared.index is None or _shared.database != database:
            _shared.index, _shared.seq = _load()
            _shared.database = database
        seq = _catch_up(_shared.index, _shared.seq)
        if seq is None:
            _shared.index, _shared.seq = _load()
        else:
            _shared.seq = seq
        return _shared.index


def forget_index() -> None:
    """Drop this process's index; the next search loads it again (tests, a restored DB)."""
    with _shared.lock:
        _shared.index = None


def nearest(
    vector: np.ndarray, limit: int, exclude: Collection[int] = ()
) -> list[tuple[int, float]]:
    """Published notes nearest in meaning to `vector` (unit length), best first, with their
    cosine similarity. Not filtered for visibility: callers filter. Notes in `exclude`
    and notes not embedded yet are left out."""
    if limit <= 0:
        return []
    query = np.asarray(vector, dtype=np.float32)
    if pgvector.kind():
        return pgvector.nearest(query, limit, exclude)
    found = index().search(query, limit, max(SHORTLIST, 4 * limit), set(exclude))
    # One indexed look-up of ~limit ids: what the index read from a transaction that was
    # later rolled back (tests do that between tests) is never returned.
    kept = set(
        NoteVector.objects.filter(
            note_id__in=[note_id for note_id, _ in found], codes__isnull=False
        ).values_list("note_id", flat=True)
    )
    return [(note_id, score) for note_id, score in found if note_id in kept]
