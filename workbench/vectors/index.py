"""Vectors in memory: exact top-k by one matrix product, and an approximate FAISS IVF index for large sets;
and keeping an index in files (``save_index``, ``load_index``) so a new process need not read every vector
from the database again (2 s at 100k claims) or rebuild the FAISS index (22 s at 1M).

Pure over NumPy arrays and files (FAISS only when installed); loading the vectors from the store, deciding
when a kept index is still current is ``vectors.kept``'s job.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
from pathlib import Path

import numpy as np


def top_k(matrix: np.ndarray, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """(row, cosine) of the ``k`` rows of ``matrix`` most similar to ``query``, best first (vectors normalised)."""
    if len(matrix) == 0 or k <= 0:
        return []
    scores = matrix @ query
    k = min(k, len(scores))
    # argpartition keeps this linear in the number of rows; only the k best are sorted.
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best], kind="stable")]
    return [(int(i), float(scores[i])) for i in best]


class VectorIndex:
    """Row ids and their L2-normalised vectors: exact search by one matrix product, and from ANN_MIN_ROWS
    rows on an approximate FAISS IVF index when faiss is installed (``pip install faiss-cpu``).

    research/vector_index.py measured top-10 search over synthetic 384-d claim vectors on 2 cores: brute
    force p95 9 ms at 10k, 29 ms at 100k and 258 ms at 1M; FAISS IVF-Flat (nlist = sqrt(N), nprobe 32) 8 ms
    at 1M with recall@10 1.000, after a 22 s build. HNSW (FAISS, usearch) lost recall at 1M and took 6-9 min
    to build; sqlite-vec was 8x slower than brute force. So: brute force while it is interactive, IVF beyond.
    """

    ANN_MIN_ROWS = 300_000
    NPROBE = 32

    def __init__(self, ids: np.ndarray | None = None, matrix: np.ndarray | None = None) -> None:
        self.ids = np.zeros(0, dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64)
        self.matrix = np.zeros((0, 0), dtype=np.float32) if matrix is None else matrix
        self._ann = None  # built (or read from _ann_file) on the first search that needs it
        self._ann_rows = 0  # the first rows of the matrix that _ann holds; add() keeps it in step
        self._ann_file: Path | None = None  # a FAISS index of the first _ann_rows rows, kept by save_index

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, ids: np.ndarray, matrix: np.ndarray) -> None:
        """Append rows (ids larger than every stored id)."""
        if len(ids) == 0:
            return
        self.ids = np.concatenate([self.ids, ids])
        self.matrix = matrix if len(self.matrix) == 0 else np.vstack([self.matrix, matrix])
        if self._ann is not None:
            self._ann.add(np.ascontiguousarray(matrix, dtype=np.float32))
            self._ann_rows = len(self.ids)

    def copy(self) -> VectorIndex:
        """A new index over the same rows (sharing arrays and the ANN index until one of them grows)."""
        other = VectorIndex(self.ids, self.matrix)
        other._ann, other._ann_rows, other._ann_file = self._ann, self._ann_rows, self._ann_file
        return other

    def _approximate(self):
        """The FAISS IVF index over all rows, or None when brute force is the better choice."""
        if self._ann is None and len(self) >= self.ANN_MIN_ROWS:
            try:
                import faiss
            except ImportError:
                return None
            if self._ann_file is not None:
                with contextlib.suppress(RuntimeError, OSError):  # a file gone or unreadable: build anew
                    index = faiss.read_index(str(self._ann_file))
                    if index.ntotal == self._ann_rows and index.d == self.matrix.shape[1]:
                        if self._ann_rows < len(self):  # rows appended since the file was written
                            index.add(np.ascontiguousarray(self.matrix[self._ann_rows :], dtype=np.float32))
                        index.nprobe = self.NPROBE
                        self._ann, self._ann_rows = index, len(self)
                        return index
            data = np.ascontiguousarray(self.matrix, dtype=np.float32)
            nlist = int(np.sqrt(len(data)))
            index = faiss.IndexIVFFlat(
                faiss.IndexFlatIP(data.shape[1]), data.shape[1], nlist, faiss.METRIC_INNER_PRODUCT
            )
            # training on a sample: the cluster centres need ~64 points each, not all rows (halves the build)
            sample = np.random.default_rng(0).choice(len(data), min(len(data), 64 * nlist), replace=False)
            index.train(data[np.sort(sample)])
            index.add(data)
            index.nprobe = self.NPROBE
            self._ann, self._ann_rows = index, len(self)
        return self._ann

    def top(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(id, cosine) of the ``k`` nearest rows, best first."""
        if len(self) == 0 or k <= 0 or query.shape[0] != self.matrix.shape[1]:
            return []
        ann = self._approximate()
        if ann is None:
            return [(int(self.ids[row]), score) for row, score in top_k(self.matrix, query, k)]
        scores, rows = ann.search(np.ascontiguousarray(query[None, :], dtype=np.float32), min(k, len(self)))
        # rows past this index's ids: a copy of it (a later state of the table) grew the shared FAISS index
        return [(int(self.ids[r]), float(s)) for r, s in zip(rows[0], scores[0]) if 0 <= r < len(self.ids)]


# --- kept in files ---------------------------------------------------------------------------------------
#
# One index is three or four files in a folder: <key>.json names the others and says what the index is of
# (``stamp``: whatever the caller uses to tell that the index is still current); <key>-<token>.ids.npy and
# <key>-<token>.vectors.npy hold the rows, read back memory-mapped (no copy, no parse: the first search
# touches only the pages it needs); <key>-<token>.ivf the FAISS index when one was built. The data files
# are written first under a new token and the JSON last, each by an atomic rename, so a reader sees the old
# index or the new one, never half of one.

INDEX_FORMAT = 1


def index_key(model: str, table: str) -> str:
    """A file-name-safe key for the index of ``model``'s vectors of ``table`` (models may be paths)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model)[:48]
    return f"{table}-{slug}-{hashlib.sha256(model.encode()).hexdigest()[:8]}"


def _write_atomic(path: Path, write) -> None:
    tmp = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _files(folder: Path, key: str, token: str) -> dict[str, Path]:
    return {part: folder / f"{key}-{token}.{part}" for part in ("ids.npy", "vectors.npy", "ivf")}


def _save_array(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as f:  # a file object: np.save would add ".npy" to a temporary name
        np.save(f, array)


def save_index(index: VectorIndex, folder: Path, key: str, stamp: list) -> bool:
    """Write ``index`` (with its FAISS index if built) to ``folder`` under ``key``, described by ``stamp``
    (JSON-able). A cache: returns False instead of raising when the folder cannot be written."""
    token = secrets.token_hex(6)
    files = _files(folder, key, token)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        matrix = np.ascontiguousarray(index.matrix, dtype=np.float32)
        _write_atomic(files["ids.npy"], lambda p: _save_array(p, index.ids))
        _write_atomic(files["vectors.npy"], lambda p: _save_array(p, matrix))
        ann = index._ann is not None and index._ann_rows == len(index)
        if ann:
            import faiss

            _write_atomic(files["ivf"], lambda p: faiss.write_index(index._ann, str(p)))
        meta = {"format": INDEX_FORMAT, "stamp": stamp, "token": token, "rows": len(index), "ivf": ann}
        _write_atomic(folder / f"{key}.json", lambda p: p.write_text(json.dumps(meta), encoding="utf-8"))
    except (OSError, RuntimeError):
        for path in files.values():
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        return False
    for old in folder.glob(f"{key}-*"):  # earlier tokens; a reader that mapped one keeps its open file
        if not old.name.startswith(f"{key}-{token}."):
            old.unlink(missing_ok=True)
    return True


def load_index(folder: Path, key: str) -> tuple[list, VectorIndex] | None:
    """(stamp, index) kept under ``key`` in ``folder``, the vectors memory-mapped; None when there is none
    or it cannot be read."""
    try:
        meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        if meta.get("format") != INDEX_FORMAT:
            return None
        files = _files(folder, key, meta["token"])
        ids = np.load(files["ids.npy"])
        matrix = np.load(files["vectors.npy"], mmap_mode="r")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(ids) != meta["rows"] or len(matrix) != len(ids) or matrix.dtype != np.float32:
        return None
    index = VectorIndex(ids, matrix if len(ids) else None)
    if meta.get("ivf"):
        index._ann_file, index._ann_rows = files["ivf"], len(ids)
    return meta["stamp"], index
