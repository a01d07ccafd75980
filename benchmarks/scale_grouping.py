"""Grouping at 10k and 100k claims: the pair judge against today's cosine thresholds, in one run.

The databases are those of benchmarks/scale.py (synthetic clustered 384-d vectors of vector_index.py, BASIL
claim texts with their rows' cluster words, articles of 25 claims, a real database file built with the
library); built here if missing. Each measurement runs in a fresh process, one after the other:
- ``regroup`` of every claim: today's path (``find_groups``/``find_suggestions`` at e5's cosine thresholds,
  what any model without a judge gets) and the judged path (``candidates`` -> the shipped judge ->
  ``linking``), on the same database;
- one new article of 30 claims by ``add_claims`` into the stored groups (a fresh process: like a CLI ingest,
  search's vector cache cold), today's path and the judged path, each on its own copy of the database
  grouped by its own path.
Times are seconds on a shared machine: read the judged/today ratio of each row, never the times alone.

Run: python benchmarks/scale_grouping.py [--sizes 10000 100000] | tee benchmarks/scale_grouping_run_<date>.txt
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402
import vector_index as vi  # noqa: E402

from workbench import group  # noqa: E402
from workbench.judge import load_judge  # noqa: E402
from workbench.vectors import registry  # noqa: E402

NEW_CLAIMS = scale.NEW_CLAIMS


def use(path: str) -> None:
    """Make the synthetic model group as e5 does: today's thresholds, or the shipped judge."""
    registry.THRESHOLDS[scale.MODEL] = registry.THRESHOLDS[registry.DEFAULT_MODEL]
    if path == "judge":
        judge = load_judge(registry.DEFAULT_MODEL)
        group.load_judge = lambda model: judge


def worker(workdir: Path, n: int, path: str, task: str) -> dict:
    db_path = workdir / f"grouping_{path}_{n}.db"
    use(path)
    embedder = scale.StoredOnlyEmbedder()
    if task == "regroup":
        shutil.copy(workdir / f"claims_{n}.db", db_path)
        db = scale.open_db(db_path)
        t, cpu = time.perf_counter(), time.process_time()
        groups, claims = group.regroup(db, embedder)
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
        pairs = db.sqlite_db.execute("SELECT COUNT(*) FROM group_suggestions").fetchone()[0]
        return dict(
            s=seconds, cpu_s=cpu, groups=groups, grouped=claims, suggestions=pairs, peak_mb=vi.peak_rss_mb()
        )
    # a copy of the database grouped by the regroup worker of the same path, so adds can be run again
    added = workdir / f"grouping_{path}_{n}_add.db"
    shutil.copy(db_path, added)
    db = scale.open_db(added)
    texts = scale.claim_texts_for(workdir, n + NEW_CLAIMS)[n:]
    vectors = vi.load_vectors(workdir, n + NEW_CLAIMS)[n:].copy()
    with db.write():  # a database grouped by an earlier version of this script may hold the article already
        db.sqlite_db.execute("DELETE FROM articles WHERE title = ?", [f"article {n}"])
        ids = scale.store_article(db, texts, vectors, n)
    t, cpu = time.perf_counter(), time.process_time()
    joined = group.add_claims(db, embedder, ids)
    return dict(
        s=time.perf_counter() - t, cpu_s=time.process_time() - cpu, joined=joined, peak_mb=vi.peak_rss_mb()
    )


def spawn(args, n: int, path: str, task: str) -> dict:
    cmd = [sys.executable, __file__, "--workdir", args.workdir, "--worker", f"{n}:{path}:{task}"]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout:.0f} s"}
    except subprocess.CalledProcessError as exc:
        return {"error": exc.stderr.strip().splitlines()[-1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--workdir", default="/tmp/scale_bench")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument(
        "--tasks",
        nargs="+",
        default=["regroup", "add"],
        help="regroup and/or add (add needs a regroup run before)",
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    workdir = Path(args.workdir)
    if args.worker:
        n, path, task = args.worker.split(":")
        print(json.dumps(worker(workdir, int(n), path, task)))
        return
    started = time.perf_counter()
    workdir.mkdir(parents=True, exist_ok=True)
    largest = max(args.sizes) + NEW_CLAIMS
    if not (workdir / "labels.npy").exists() or len(np.load(workdir / "labels.npy")) < largest:
        vi.write_dataset(workdir, largest, 10)
    if not (workdir / "sentences.json").exists():
        scale.write_sentences(workdir)
    for n in args.sizes:
        if not (workdir / f"claims_{n}.db").exists():
            print(f"building the {n:,}-claim database ...", flush=True)
            scale.run_build_db(workdir, n, 0)
    print(
        f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start (shared: compare"
        f" ratios, not times); library {scale.library_version()}"
    )
    print(
        "\n    N  task        today s   judge s  judge/today   today: groups2+ suggestions  judge: groups2+ suggestions"
    )
    for n in args.sizes:
        results = []
        if "regroup" in args.tasks:
            results.append(
                ("regroup", {path: spawn(args, n, path, "regroup") for path in ("today", "judge")})
            )
        if "add" in args.tasks:
            results.append(("add 30", {path: spawn(args, n, path, "add") for path in ("today", "judge")}))
        for task, r in results:
            if any("error" in x for x in r.values()):
                print(f"{n:>7}  {task:<9} {r}")
                continue
            extra = ""
            if task == "regroup":
                extra = (
                    f"   {r['today']['groups']:>8} {r['today']['suggestions']:>11}"
                    f"   {r['judge']['groups']:>14} {r['judge']['suggestions']:>11}"
                )
            else:
                extra = f"   joined a stored group: today {r['today']['joined']}/{NEW_CLAIMS}, judge {r['judge']['joined']}/{NEW_CLAIMS}"
            print(
                f"{n:>7}  {task:<9} {r['today']['s']:>8.2f}  {r['judge']['s']:>8.2f}  {r['judge']['s'] / r['today']['s']:>10.2f}{extra}"
                f"   (peak MB today {r['today']['peak_mb']:.0f}, judge {r['judge']['peak_mb']:.0f})",
                flush=True,
            )
    print(f"\nWall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
