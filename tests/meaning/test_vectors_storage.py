"""Compact storage and the sign-bit index, without the database."""

import numpy as np
import pytest

from crossnote.search import meaning, vectors
from crossnote.search.binary_index import BinaryIndex, pack_signs


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, 512)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_int8_codes_round_trip_close_to_the_vector():
    rng = np.random.default_rng(7)
    for v in _unit(rng, 20):
        codes, scale = vectors.quantise(v)
        assert len(codes) == 512
        back = vectors.dequantise(codes, scale)
        assert back.dtype == np.float32
        assert float(back @ v) > 0.999
        assert abs(float(np.linalg.norm(back)) - 1) < 1e-5


def test_quantise_many_is_quantise_row_by_row_with_the_sign_bits():
    rng = np.random.default_rng(11)
    data = np.concatenate([_unit(rng, 50), np.zeros((1, 512), dtype=np.float32)])
    codes, scales, bits = vectors.quantise_many(data)
    for row, v in enumerate(data):
        one, scale = vectors.quantise(v)
        assert codes[row].tobytes() == one
        assert scales[row] == scale
        assert bits[row].tobytes() == pack_signs(np.frombuffer(one, dtype=np.int8)).tobytes()


def _codes(v: np.ndarray) -> bytes:
    return vectors.quantise(v)[0]


def test_the_index_finds_the_nearest_and_forgets_removed_rows():
    rng = np.random.default_rng(3)
    data = _unit(rng, 3000)
    index = BinaryIndex(512)
    index.add_many(list(range(1, 3001)), [_codes(v) for v in data])
    query = data[41] + 0.05 * _unit(rng, 1)[0]
    assert index.candidates(query, 5)[0] == 42
    index.remove(42)
    assert 42 not in index.candidates(query, 3000)
    assert len(index.candidates(query, 10_000)) == 2999
    index.add(42, _codes(data[41]))
    assert index.candidates(query, 1) == [42]
    # Ranked exactly by the int8 vectors, with the cosine; excluded ids are skipped.
    exact = data @ (query / np.linalg.norm(query))
    best = index.search(query / np.linalg.norm(query), 3, 500, {42})
    assert [note_id for note_id, _ in best] == [int(i) + 1 for i in np.argsort(-exact)[1:4]]
    assert best[0][1] == pytest.approx(float(np.sort(exact)[-2]), abs=0.01)


def test_the_index_stays_dense_through_removals_and_additions():
    rng = np.random.default_rng(5)
    data = _unit(rng, 5000)
    index = BinaryIndex(512, capacity=16)
    index.add_many(list(range(5000)), [_codes(v) for v in data])
    for note_id in range(5000):
        if note_id % 3:
            index.remove(note_id)
    index.remove(123_456)  # never there: nothing happens
    assert len(index) == 1667
    for note_id in range(6, 5000, 3):
        assert index.candidates(data[note_id], 1) == [note_id]
    assert sorted(index.candidates(data[6], 10_000)) == list(range(0, 5000, 3))
    index.add(1, _codes(data[1]))
    index.add(6, _codes(data[1]))  # replaced in place
    assert len(index) == 1668
    assert sorted(index.candidates(data[1], 2)) == [1, 6]


def test_the_model_is_loaded_once_per_process_from_the_package():
    """Tests run with the network blocked (tests/conftest.py), so this also shows the model
    needs none. However many texts and threads ask, the process loads it once."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        embedded = list(pool.map(meaning.encode_query, ["coffee", "咖啡", "tea", "茶"]))
    assert meaning.loads == 1
    assert embedded[0].shape == (512,)
    assert float(embedded[0] @ embedded[1]) > float(embedded[0] @ embedded[3])
    assert meaning.encode_documents([]).shape == (0, 512)
