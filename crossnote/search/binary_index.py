"""An in-memory index of sign bits: 64 bytes per 512-dimension vector, scanned whole.

The sign pattern of a vector keeps most of its direction (the Hamming distance between two
sign patterns estimates the angle between the vectors), so a scan of 1M × 64 bytes finds a
short list that holds the true nearest neighbours; crossnote.search.vectors re-ranks that
list exactly. A full scan has no build step, no tuning and no recall cliff when notes are
added and removed one at a time, which a graph index (HNSW) would have to be rebuilt for.
"""

from __future__ import annotations

import numpy as np

_DEAD = np.uint16(0xFFFF)
_CHUNK = 131_072  # rows per scan step: keeps the temporaries in cache-sized pieces


def pack_signs(vector: np.ndarray) -> np.ndarray:
    """The vector's sign bits, packed into 64-bit words."""
    bits = np.packbits(np.asarray(vector) > 0)
    return np.frombuffer(bits.tobytes(), dtype=np.uint64)


class BinaryIndex:
    """Note ids and their sign bits. Not thread-safe for writes: callers hold a lock."""

    def __init__(self, dimensions: int, capacity: int = 1024) -> None:
        self.words = dimensions // 64
        self.ids = np.zeros(capacity, dtype=np.int64)
        self.bits = np.zeros((capacity, self.words), dtype=np.uint64)
        self.alive = np.zeros(capacity, dtype=bool)
        self.size = 0
        self.row_of: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.row_of)

    def _grow(self, needed: int) -> None:
        capacity = len(self.ids)
        if needed <= capacity:
            return
        capacity = max(needed, capacity * 2)
        # New arrays, never resized in place: a search running meanwhile keeps the old ones.
        self.ids = np.concatenate([self.ids, np.zeros(capacity - len(self.ids), np.int64)])
        self.bits = np.concatenate(
            [self.bits, np.zeros((capacity - len(self.bits), self.words), np.uint64)]
        )
        self.alive = np.concatenate([self.alive, np.zeros(capacity - len(self.alive), bool)])

    def add_many(self, ids: list[int], packed: list[bytes]) -> None:
        fresh = [(i, b) for i, b in zip(ids, packed, strict=True) if i not in self.row_of]
        for note_id, bits in zip(ids, packed, strict=True):
            if note_id in self.row_of:
                self.add(note_id, bits)
        if not fresh:
            return
        start = self.size
        self._grow(start + len(fresh))
        block = np.frombuffer(b"".join(b for _, b in fresh), dtype=np.uint64)
        self.bits[start : start + len(fresh)] = block.reshape(len(fresh), self.words)
        self.ids[start : start + len(fresh)] = [i for i, _ in fresh]
        self.alive[start : start + len(fresh)] = True
        for offset, (note_id, _) in enumerate(fresh):
            self.row_of[note_id] = start + offset
        self.size += len(fresh)

    def add(self, note_id: int, packed: bytes) -> None:
        row = self.row_of.get(note_id)
        if row is None:
            self._grow(self.size + 1)
            row = self.size
            self.size += 1
            self.ids[row] = note_id
            self.row_of[note_id] = row
        self.bits[row] = np.frombuffer(packed, dtype=np.uint64)
        self.alive[row] = True

    def remove(self, note_id: int) -> None:
        row = self.row_of.pop(note_id, None)
        if row is not None:
            self.alive[row] = False
        if self.size > 4096 and len(self.row_of) < self.size // 2:
            self._compact()

    def _compact(self) -> None:
        keep = np.flatnonzero(self.alive[: self.size])
        ids, bits = self.ids[keep], self.bits[keep]
        self.ids, self.bits = ids, bits
        self.alive = np.ones(len(keep), dtype=bool)
        self.size = len(keep)
        self.row_of = {int(note_id): row for row, note_id in enumerate(ids)}

    def candidates(self, query: np.ndarray, count: int) -> list[int]:
        """Ids of up to `count` live rows closest to `query` (packed signs) in Hamming
        distance, closest first."""
        size, ids, bits, alive = self.size, self.ids, self.bits, self.alive
        if size == 0 or count <= 0:
            return []
        distance = np.empty(size, dtype=np.uint16)
        for start in range(0, size, _CHUNK):
            stop = min(start + _CHUNK, size)
            counts = np.bitwise_count(bits[start:stop] ^ query)
            distance[start:stop] = counts.sum(axis=1, dtype=np.uint16)
        distance[~alive[:size]] = _DEAD
        count = min(count, size)
        best = np.argpartition(distance, count - 1)[:count] if count < size else np.arange(size)
        best = best[np.argsort(distance[best], kind="stable")]
        return [int(ids[row]) for row in best if distance[row] != _DEAD]
