"""Which keyword score PostgreSQL's search should fuse with the cosine (issue 18): variants of ``ts_rank``
and a BM25 computed in SQL, each scored alone and fused at its best weight, on the tuning splits only.

The sets, splits and metrics are benchmarks/search_quality.py's (CheckThat 2022 2A: 2A dev tweets ->
14,231 fact-checks, MAP@5; CheckThat 2025 German: the first half of the shuffled posts -> 301 claims,
MRR@10), imported the same way (each item in its set's language) into a real PostgreSQL (tests/pg_server.py,
removed afterwards). Only the tuning splits are read: this chooses the variant that the store ships
(``RANK_NORMALIZATION`` in store/postgres/search.py); search_quality.py then tunes the fusion weight of the
shipped variant on the same splits and reports once on the reported splits.

Each variant replaces ``keyword_matches`` on the store; the vector side is the shipped ``vectors.nearest``.
A variant's line: the metric of the keyword score alone (weight 1), and the best fused weight from 0, 0.05,
..., 1 with its two metrics and their mean (what search_quality.py maximises).

Run (repository root, the test venv): nice python benchmarks/pg_keyword_variants.py --cache /tmp/retrieval_cache
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "research"))

import retrieval  # noqa: E402
import search_quality  # noqa: E402

from workbench import search  # noqa: E402
from workbench.records import FactCheck  # noqa: E402

QUERY = "WITH q AS MATERIALIZED (SELECT workbench_query(%s) AS q)"
RANKS = {
    "ts_rank": "ts_rank(c.search, q.q)",
    "ts_rank, normalization 1": "ts_rank(c.search, q.q, 1)",
    "ts_rank, normalization 2": "ts_rank(c.search, q.q, 2)",
    "ts_rank, normalization 2|32": "ts_rank(c.search, q.q, 2|32)",
    "ts_rank, normalization 8": "ts_rank(c.search, q.q, 8)",
    "ts_rank_cd": "ts_rank_cd(c.search, q.q)",
    "ts_rank_cd, normalization 1": "ts_rank_cd(c.search, q.q, 1)",
}


def ranked(db, expression: str, words, limit: int) -> list[tuple[int, float]]:
    rows = db.pg_db.execute(
        f"{QUERY} SELECT c.id, {expression} AS r FROM q, factchecks c WHERE c.search @@ q.q"
        " ORDER BY r DESC, c.id LIMIT %s",
        [list(words), limit],
    ).fetchall()
    return [(int(i), float(r)) for i, r in rows]


def bm25(db, words, limit: int, b: float, k1: float = 1.2) -> list[tuple[int, float]]:
    """BM25 with each word's document frequency counted through the GIN index (a word: its three
    configurations' stems, as workbench_query reads it), a term frequency of 1 (claims are one sentence),
    and length normalisation ``b`` against the average length of every row."""
    rows = db.pg_db.execute(
        f"""
        WITH w AS MATERIALIZED (SELECT workbench_query(ARRAY[t.word]) AS q FROM unnest(%s::text[]) AS t(word)),
        d AS MATERIALIZED (SELECT w.q, (SELECT count(*) FROM factchecks c WHERE c.search @@ w.q) AS df FROM w),
        n AS MATERIALIZED (SELECT count(*) AS n, avg(length(search)) AS avglen FROM factchecks)
        SELECT c.id, sum(ln(1 + (n.n - d.df + 0.5) / (d.df + 0.5)) * {k1 + 1}
                         / (1 + {k1} * (1 - {b} + {b} * length(c.search) / n.avglen))) AS r
        FROM d, n, factchecks c WHERE d.df > 0 AND c.search @@ d.q GROUP BY c.id ORDER BY r DESC, c.id LIMIT %s
        """,
        [list(words), limit],
    ).fetchall()
    return [(int(i), float(r)) for i, r in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/retrieval_cache"))
    args = ap.parse_args()
    from pg_server import PGServer

    server = PGServer().start()
    try:
        run(args, server)
    finally:
        from workbench.store.postgres.connection import close_pools

        close_pools()
        server.stop()


def run(args, server) -> None:
    embedder = search_quality.CachedEmbedder(args.cache)
    sets = []
    for key, loader in (
        ("ct2022", retrieval.load_checkthat2022),
        ("ct2025de", retrieval.load_checkthat2025_de),
    ):
        data = loader()
        embedder.preload(data.docs, f"{key}-docs")
        embedder.preload([q for q, _ in data.splits["tune"]], f"{key}-tune-queries")
        docs = [FactCheck(claim=t, external_id=str(i), lang=data.lang) for i, t in enumerate(data.docs)]
        print(f"{data.name}: {len(docs):,} items;", end="")
        db = search_quality.build(server.new_database(), docs, embedder)
        db.vectors.nearest = search_quality._kept_answers(db.vectors.nearest)
        sets.append((data, db))
    variants = {name: functools.partial(ranked, expression=e) for name, e in RANKS.items()}
    for b in (0.0, 0.4, 0.75):
        variants[f"BM25 in SQL, tf 1, b={b}"] = functools.partial(bm25, b=b)
    search._hits = lambda db, keys, *rest: [SimpleNamespace(id=i) for _, i in keys]  # the order is enough
    grid = [round(w, 2) for w in np.arange(0, 1.0001, 0.05)]
    print("\ntuning splits only (2A dev MAP@5 / German first half MRR@10)")
    print(f"{'keyword score':32} {'alone':>11} {'best w':>6} {'fused':>11} {'mean':>6} {'ms/query':>8}")
    for name, score in variants.items():
        started, queries = time.perf_counter(), 0
        for data, db in sets:
            answers = functools.lru_cache(maxsize=None)(
                lambda table, words, limit, db=db, score=score: score(db, words=words, limit=limit)
            )
            db.search.keyword_matches = lambda table, words, limit, kept=answers: kept(
                table, tuple(words), limit
            )
            for q, _ in data.splits["tune"]:  # timed once per query, before the grid reads the answers again
                db.search.keyword_matches("factchecks", search.query_words(q), search.POOL)
                queries += 1
        per_query = (time.perf_counter() - started) * 1000 / queries
        tuned = {}
        for w in grid:
            tuned[w] = []
            for data, db in sets:
                map5, mrr, _ = search_quality.evaluate(db, data, "tune", embedder, w)
                tuned[w].append(map5 if data.metric == "MAP@5" else mrr)
        best = max(grid, key=lambda w: float(np.mean(tuned[w])))
        alone, fused = tuned[1.0], tuned[best]
        print(
            f"{name:32} {alone[0]:.3f}/{alone[1]:.3f} {best:6.2f} {fused[0]:.3f}/{fused[1]:.3f}"
            f" {np.mean(fused):6.4f} {per_query:8.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
