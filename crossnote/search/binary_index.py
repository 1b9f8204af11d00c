"""An in-memory index of sign bits: 64 bytes per 512-dimension vector, scanned whole.

The sign pattern of a vector keeps most of its direction (the Hamming distance between two
sign patterns estimates the angle between the vectors), so a scan of 1M × 64 bytes finds a
short list that holds the true nearest neighbours; crossnote.search.vectors re-ranks that
list exactly. A full scan has no build step, no tuning and no recall cliff when notes are
added and removed one at a time, which a graph index (HNSW) would need rebuilding for.

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
        self.width = dimensions // 8
        self.ids = np.zeros(capacity, dtype=np.int64)
        self.bits = np.zeros((capacity, self.width), dtype=np.uint8)
        self.size = 0
        self.row_of: dict[int, int] = {}

    def __len__(self) -> int:
        return self.size

    def nbytes(self) -> int:
        """Memory of the arrays (allocated capacity), without the id → row dictionary."""
        return self.ids.nbytes + self.bits.nbytes

    def _grow(self, needed: int) -> None:
        capacity = len(self.ids)
        if needed <= capacity:
            return
        capacity = max(needed, capacity * 2)
        # New arrays, never resized in place: a search running meanwhile keeps the old ones.
        ids = np.zeros(capacity, dtype=np.int64)
        bits = np.zeros((capacity, self.width), dtype=np.uint8)
        ids[: self.size] = self.ids[: self.size]
        bits[: self.size] = self.bits[: self.size]
        self.ids, self.bits = ids, bits

    def add_many(self, ids: list[int], packed: list[bytes]) -> None:
        """Add or replace many rows at once (loading a whole table)."""
        fresh: list[tuple[int, bytes]] = []
        for note_id, bits in zip(ids, packed, strict=True):
            if note_id in self.row_of:
                self.add(note_id, bits)
            else:
                fresh.append((note_id, bits))
        if not fresh:
            return
        start = self.size
        self._grow(start + len(fresh))
        block = np.frombuffer(b"".join(b for _, b in fresh), dtype=np.uint8)
        self.bits[start : start + len(fresh)] = block.reshape(len(fresh), self.width)
        self.ids[start : start + len(fresh)] = [i for i, _ in fresh]
        for offset, (note_id, _) in enumerate(fresh):
            self.row_of[note_id] = start + offset
        self.size += len(fresh)

    def add(self, note_id: int, packed: bytes) -> None:
        row = self.row_of.get(note_id)
        if row is None:
            self._grow(self.size + 1)
            row = self.size
            self.ids[row] = note_id
            self.row_of[note_id] = row
            self.size += 1
        self.bits[row] = np.frombuffer(packed, dtype=np.uint8)

    def remove(self, note_id: int) -> None:
        row = self.row_of.pop(note_id, None)
        if row is None:
            return
        last = self.size - 1
        if row != last:
            moved = int(self.ids[last])
            self.ids[row] = moved
            self.bits[row] = self.bits[last]
            self.row_of[moved] = row
        self.size = last

    def candidates(self, query: np.ndarray, count: int) -> list[int]:
        """Ids of up to `count` rows closest to `query` (packed signs) in Hamming distance,
        closest first."""
        size, ids, bits = self.size, self.ids, self.bits
        count = min(count, size)
        if count <= 0:
            return []
        query = np.ascontiguousarray(query, dtype=np.uint8).reshape(1, self.width)
        _distances, rows = faiss.knn_hamming(query, bits[:size], count)
        return [int(ids[row]) for row in rows[0] if row >= 0]
