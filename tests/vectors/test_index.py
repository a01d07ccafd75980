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


def test_an_index_kept_in_files_comes_back_mapped_and_the_last_write_wins(tmp_path):
    from workbench.vectors.index import index_key, load_index, save_index

    rows = np.eye(3, dtype=np.float32)
    key = index_key("/models/my model.v2", "claims")
    assert "/" not in key and " " not in key and key != index_key("/models/my model.v3", "claims")
    assert load_index(tmp_path, key) is None  # nothing kept yet
    assert save_index(VectorIndex(np.array([4, 5, 6]), rows), tmp_path, key, ["db", 0, 3, 6])
    stamp, index = load_index(tmp_path, key)
    assert stamp == ["db", 0, 3, 6] and list(index.ids) == [4, 5, 6]
    assert isinstance(index.matrix, np.memmap)  # mapped, not read into memory
    assert index.top(np.array([0, 1, 0], dtype=np.float32), 1)[0][0] == 5
    index.add(np.array([7]), np.array([[0.6, 0.8, 0]], dtype=np.float32))  # grows in memory only
    assert save_index(index, tmp_path, key, ["db", 0, 4, 7])
    stamp, again = load_index(tmp_path, key)
    assert stamp[2:] == [4, 7] and list(again.ids) == [4, 5, 6, 7]
    # the files of the first write are gone: one set of files per key
    assert len(list(tmp_path.glob(f"{key}-*"))) == 2
    # a damaged description is no index, not an error
    (tmp_path / f"{key}.json").write_text("{not json", encoding="utf-8")
    assert load_index(tmp_path, key) is None


def test_keeping_an_index_where_nothing_can_be_written_is_no_error(tmp_path):
    from workbench.vectors.index import load_index, save_index

    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    assert save_index(VectorIndex(np.array([1]), np.eye(1, dtype=np.float32)), blocked, "k", []) is False
    assert load_index(blocked, "k") is None


def test_a_kept_faiss_index_is_read_back_instead_of_built(tmp_path, monkeypatch):
    faiss = pytest.importorskip("faiss")
    from workbench.vectors.index import load_index, save_index

    rng = np.random.default_rng(3)
    rows = rng.standard_normal((1200, 16)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    monkeypatch.setattr(VectorIndex, "ANN_MIN_ROWS", 1000)
    built = VectorIndex(np.arange(1200), rows)
    assert built.top(rows[5], 1)[0][0] == 5 and built._ann is not None
    assert save_index(built, tmp_path, "k", ["s"])
    _, index = load_index(tmp_path, "k")
    assert index._ann is None and index._ann_file is not None  # read on the first search that needs it
    index.add(np.array([5000]), rows[7:8] * -1)  # appended after the file was written
    monkeypatch.setattr(faiss, "IndexIVFFlat", None)  # building one now would fail
    assert index.top(rows[9], 1)[0][0] == 9
    assert index.top(-rows[7], 1)[0][0] == 5000 and index._ann.ntotal == 1201
