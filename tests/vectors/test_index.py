"""Vectors in memory: exact top-k and the FAISS IVF index beyond ANN_MIN_ROWS (workbench.vectors.index)."""

import numpy as np
import pytest

from workbench.vectors.index import VectorIndex, top_k


def test_top_k_orders_by_cosine():
    m = np.array([[1, 0], [0, 1], [0.8, 0.6]], dtype=np.float32)
    assert [i for i, _ in top_k(m, np.array([1, 0], dtype=np.float32), 2)] == [0, 2]
    assert top_k(m, np.array([0, 1], dtype=np.float32), 10)[0] == (1, pytest.approx(1.0))
    assert len(top_k(m, np.array([0, 1], dtype=np.float32), 10)) == 3
    assert top_k(np.zeros((0, 2), dtype=np.float32), np.array([1, 0], dtype=np.float32), 5) == []


def test_vector_index_top_returns_ids_not_rows():
    index = VectorIndex(np.array([10, 20]), np.array([[1, 0], [0, 1]], dtype=np.float32))
    index.add(np.array([30]), np.array([[0.6, 0.8]], dtype=np.float32))
    assert [i for i, _ in index.top(np.array([0, 1], dtype=np.float32), 2)] == [20, 30]
    assert VectorIndex().top(np.array([1, 0], dtype=np.float32), 3) == []


def test_large_indexes_switch_to_faiss_and_find_the_same_neighbours(monkeypatch):
    pytest.importorskip("faiss")
    rng = np.random.default_rng(7)
    centres = rng.standard_normal((20, 32)).astype(np.float32)
    rows = centres[rng.integers(0, 20, 2000)] + 0.3 * rng.standard_normal((2000, 32)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    exact = VectorIndex(np.arange(2000) + 1, rows)
    monkeypatch.setattr(VectorIndex, "ANN_MIN_ROWS", 1000)
    approx = VectorIndex(np.arange(1500) + 1, rows[:1500])
    approx.add(np.arange(1500, 2000) + 1, rows[1500:])  # rows added after the index was built are found too
    queries = rows[[3, 1600, 1999]] + 0.01
    assert approx.top(queries[0], 5) and approx._ann is not None
    fresh = rng.standard_normal(32).astype(np.float32)
    fresh /= np.linalg.norm(fresh)
    approx.add(np.array([5000]), fresh[None, :])  # added after the FAISS index was built
    assert approx.top(fresh, 1)[0][0] == 5000
    hits = 0
    for q in queries:
        q = q / np.linalg.norm(q)
        hits += len({i for i, _ in exact.top(q, 10)} & {i for i, _ in approx.top(q, 10)})
    assert hits >= 27  # recall@10 >= 0.9 on these easy clusters
    assert approx.top(rows[1999], 1)[0][0] == 2000
