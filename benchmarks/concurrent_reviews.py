"""Review write throughput with several writer processes on one database file, with and without an ingest.

    python benchmarks/concurrent_reviews.py [--writes 200] [--workers 4]

Each writer loads a claim's review and saves a unique note with a version check (as the app does), so a save
either lands, or is refused because another writer changed that claim in between. Prints writes per second
for one writer alone (the baseline, same process tree, same file), for N writers, and for N writers while a
40-article BASIL ingest runs, with ratios to the baseline, the refused saves and any other error.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from workbench.config import shared_dir  # noqa: E402  (after the path set-up above)

BASIL = shared_dir() / "data" / "corpora" / "basil_en" / "articles.jsonl"


def writer(db_path: str, worker: int, writes: int, queue, wait_for_ingest: bool) -> None:
    """Save ``writes`` version-checked notes over the first 30 claims; report (accepted, refused, errors)."""
    from workbench.review import ReviewConflict, get_review, set_review
    from workbench.store import open_db

    db = open_db(db_path)
    ids = [r[0] for r in db.sqlite_db.execute("SELECT id FROM claims ORDER BY id LIMIT 30").fetchall()]
    while wait_for_ingest and db.sqlite_db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] < 3:
        time.sleep(0.01)  # start when the ingest has committed its first article
    accepted = refused = 0
    errors: list[str] = []
    count = "SELECT COUNT(*) FROM articles"
    before = db.sqlite_db.execute(count).fetchone()[0]
    start = time.time()  # after start-up: spawning and importing are not review work
    for i in range(writes):
        claim_id = ids[(worker * 7 + i) % len(ids)]
        try:
            loaded = get_review(db, claim_id)
            set_review(
                db, claim_id, note=f"w{worker}-{i}", reviewer=f"r{worker}", expected_version=loaded.version
            )
            accepted += 1
        except ReviewConflict:
            refused += 1
        except Exception as exc:  # noqa: BLE001 - counted and printed
            errors.append(f"{type(exc).__name__}: {exc}")
    queue.put(
        (accepted, refused, errors, start, time.time(), before, db.sqlite_db.execute(count).fetchone()[0])
    )


def ingester(db_path: str) -> None:
    """Ingest 40 BASIL articles with the fake embedder (the real pipeline, a fast stand-in model)."""
    from conftest import FakeEmbedder

    from workbench.pipeline import ingest_articles
    from workbench.records import Article
    from workbench.store import open_db

    lines = BASIL.read_text(encoding="utf-8").splitlines()[:40]
    ingest_articles(open_db(db_path), [Article(text=json.loads(x)["text"]) for x in lines], FakeEmbedder())


def run(db_path: str, workers: int, writes: int, with_ingest: bool) -> tuple:
    """Start the writers (and maybe the ingest) at once; returns (writes/s, accepted, refused, errors,
    articles the ingest stored while the writers wrote), the rate over the span from the first writer's
    first save to the last writer's last."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=writer, args=(db_path, w, writes, queue, with_ingest)) for w in range(workers)
    ]
    if with_ingest:
        procs.append(ctx.Process(target=ingester, args=(db_path,)))
    for p in procs:
        p.start()
    results = [queue.get(timeout=600) for _ in range(workers)]
    elapsed = max(r[4] for r in results) - min(r[3] for r in results)
    for p in procs:
        p.join()
    accepted = sum(r[0] for r in results)
    during = max(r[6] for r in results) - min(r[5] for r in results)
    return (
        accepted / elapsed,
        accepted,
        sum(r[1] for r in results),
        [e for r in results for e in r[2]],
        during,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=200, help="saves per writer")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    from conftest import FakeEmbedder

    from workbench.pipeline import seed_samples
    from workbench.store import open_db

    with tempfile.TemporaryDirectory() as tmp:
        db_path = str(Path(tmp) / "load.db")
        db = open_db(db_path)
        from workbench.accounts import add_account

        for worker in range(max(args.workers, 1)):  # the writers act as accounts of the desk
            add_account(db, f"r{worker}", "reviewer", email=f"r{worker}@desk.example", by="r0")
        seed_samples(db, FakeEmbedder())
        base, *_ = run(db_path, 1, args.writes, False)
        print(f"1 writer: {base:.0f} accepted writes/s (baseline)")
        for with_ingest in (False, True):
            rate, accepted, refused, errors, during = run(db_path, args.workers, args.writes, with_ingest)
            label = f"{args.workers} writers" + (
                f" + ingest (stored {during} articles meanwhile)" if with_ingest else ""
            )
            print(
                f"{label}: {rate:.0f} accepted writes/s ({rate / base:.2f}x baseline); accepted {accepted},"
                f" refused as stale {refused}, other errors {len(errors)}"
            )
            for e in errors[:5]:
                print("   ", e)
        db = open_db(db_path)
        print("history rows:", db.sqlite_db.execute("SELECT COUNT(*) FROM review_history").fetchone()[0])


if __name__ == "__main__":
    main()
