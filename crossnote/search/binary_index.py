"""An in-memory index of int8 vectors, searched through their sign bits.

The sign pattern of a vector keeps most of its direction (the Hamming distance between two
sign patterns estimates the angle between the vectors), so a scan of 1M × 64 bytes finds a
shortlist that holds nearly all true nearest neighbours; the shortlist is then ranked
exactly by the int8 vectors, also held here (512 bytes a note: reading them from the
database for each search cost 11–30 ms at 1M on SQLite, more than the scan).

A full scan has no build step, no tuning and no recall cliff when notes are added and
removed one at a time, which a graph index (HNSW) would need rebuilding for.

The scan is faiss's `knn_hamming` (popcount in C): 16–18 ms for 1M rows on one core here,
where the best numpy version took 50 (bench/MEANING.md). One thread: a web process
serves requests on its other threads, and OpenMP's spinning threads cost 15× on a busy
machine.
"""

from __future__ import annotations

import faiss
import numpy as np

faiss.omp_set_num_threads(1)


def pack_signs(vector: np.ndarray) -> np.ndarray:
    """The vector's sign bits, packed (8 to a byte)."""
    return np.packbits(np.asarray(vector) > 0)


class BinaryIndex:
    """Note ids and their sign bits, rows kept dense (a removal moves the last row into the
    hole). Writes are not thread-safe: callers hold a lock. A search may run beside a write
    on the arrays it started with; at worst it sees one row half-written, which only moves
    that row in the candidate list that is re-ranked anyway."""

    def __init__(self, dimensions: int, capacity: int = 1024) -> None:
        self.dimensions = dimensions
        self.width = dimensions // 8
        self.ids = np.zeros(capacity, dtype=np.int64)
        self.bits = np.zeros((capacity, self.width), dtype=np.uint8)
        self.codes = np.zeros((capacity, dimensions), dtype=np.int8)
        self.norms = np.ones(capacity, dtype=np.float32)
        self.size = 0
        self.row_of: dict[int, int] = {}

    def __len__(self) -> int:
        return self.size

    def nbytes(self) -> int:
        """Memory of the arrays (allocated capacity), without the id → row dictionary."""
        return self.ids.nbytes + self.bits.nbytes + self.codes.nbytes + self.norms.nbytes

    def _grow(self, needed: int) -> None:
        capacity = len(self.ids)
        if needed <= capacity:
            return
        capacity = max(needed, capacity * 2)
        # New arrays, never resized in place: a search running meanwhile keeps the old ones.
        ids = np.zeros(capacity, dtype=np.int64)
        bits = np.zeros((capacity, self.width), dtype=np.uint8)
        codes = np.zeros((capacity, self.dimensions), dtype=np.int8)
        norms = np.ones(capacity, dtype=np.float32)
        n = self.size
        ids[:n], bits[:n], codes[:n], norms[:n] = (
            self.ids[:n],
            self.bits[:n],
            self.codes[:n],
            self.norms[:n],
        )
        self.ids, self.bits, self.codes, self.norms = ids, bits, codes, norms

    def add_many(self, ids: list[int], codes: list[bytes]) -> None:
        """Add or replace many rows at once (loading a whole table); codes are int8 bytes."""
        fresh: list[tuple[int, bytes]] = []
        for note_id, code in zip(ids, codes, strict=True):
            if note_id in self.row_of:
                self.add(note_id, code)
            else:
                fresh.append((note_id, code))
        if not fresh:
            return
        start, stop = self.size, self.size + len(fresh)
        self._grow(stop)
        block = np.frombuffer(b"".join(c for _, c in fresh), dtype=np.int8)
        self._write(slice(start, stop), block.reshape(len(fresh), self.dimensions))
        self.ids[start:stop] = [i for i, _ in fresh]
        for offset, (note_id, _) in enumerate(fresh):
            self.row_of[note_id] = start + offset
        self.size = stop

    def _write(self, rows: slice | int, codes: np.ndarray) -> None:
        self.codes[rows] = codes
        self.bits[rows] = np.packbits(codes > 0, axis=-1)
        self.norms[rows] = np.maximum(np.linalg.norm(codes.astype(np.float32), axis=-1), 1e-6)

    def add(self, note_id: int, code: bytes) -> None:
        row = self.row_of.get(note_id)
        if row is None:
            self._grow(self.size + 1)
            row = self.size
            self.ids[row] = note_id
            self.row_of[note_id] = row
            self.size += 1
        self._write(row, np.frombuffer(code, dtype=np.int8))

    def remove(self, note_id: int) -> None:
        row = self.row_of.pop(note_id, None)
        if row is None:
            return
        last = self.size - 1
        if row != last:
            moved = int(self.ids[last])
            self.ids[row] = moved
            self.bits[row] = self.bits[last]
            self.codes[row] = self.codes[last]
            self.norms[row] = self.norms[last]
            self.row_of[moved] = row
        self.size = last

    def _shortlist(self, query: np.ndarray, count: int) -> np.ndarray:
        """Rows of up to `count` vectors closest to `query` by the Hamming distance of signs."""
        count = min(count, self.size)
        if count <= 0:
            return np.zeros(0, dtype=np.int64)
        signs = pack_signs(query).reshape(1, self.width)
        _distances, rows = faiss.knn_hamming(signs, self.bits[: self.size], count)
        return rows[0][rows[0] >= 0]

    def candidates(self, query: np.ndarray, count: int) -> list[int]:
        """Ids of the `count` vectors whose signs are closest to `query`'s, closest first."""
        return [int(self.ids[row]) for row in self._shortlist(query, count)]

    def search(
        self, query: np.ndarray, limit: int, shortlist: int, exclude: set[int]
    ) -> list[tuple[int, float]]:
        """The `limit` ids nearest to `query` (a unit vector) by cosine, with it, best first:
        the `shortlist` closest by signs, ranked exactly by their int8 vectors."""
        rows = self._shortlist(query, shortlist + len(exclude))
        ids, codes, norms = self.ids[rows], self.codes[rows], self.norms[rows]
        scores = (codes.astype(np.float32) @ np.asarray(query, dtype=np.float32)) / norms
        found = []
        for i in np.argsort(-scores, kind="stable"):
            if int(ids[i]) not in exclude:
                found.append((int(ids[i]), float(scores[i])))
                if len(found) == limit:
                    break
        return found
