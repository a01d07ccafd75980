"""How long CLI commands take from a cold shell (a new process each time) at 1k, 10k and 100k claims: this
checkout against another checkout's ``workbench`` (today's code) on the same database files, taking turns.

Each database is built with the library like benchmarks/scale.py: articles of 25 claims whose texts are
BASIL claims (cycled, numbered so every text is distinct), with multilingual-e5-small vectors: the real e5
vector of the BASIL claim (the cache of /work/data/pairs/cache, or ``--vectors``) plus a little noise,
normalised, so the search embeds its query with the real model and compares it with real-looking vectors.
Every 20th claim has a review with a history row of three changes. The search query is a BASIL claim.

Commands (each ``--repeat`` times per code, the two codes taking turns, median reported): ``articles``,
``claims --article 1``, ``history 1``, ``review 1``, ``search "<claim>"``; and once, for this checkout, the
first search after the kept vector index was deleted (it is rebuilt and written again).

Run from the repository root in the dev venv; the machine is shared and noisy, so read the ratios:
    python benchmarks/cli_speed.py --baseline /work/wt/base/.venv/bin/workbench \\
        | tee benchmarks/cli_speed_run_2026-12-07.txt
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from workbench.records import Article, Claim, Review, content_hash, utc_now
from workbench.search import index_folder, vector_index
from workbench.store import open_db
from workbench.vectors.registry import DEFAULT_MODEL

REPO = Path(__file__).resolve().parents[1]
CACHE = Path("/work/data/pairs/cache")
PER_ARTICLE = 25


def basil(vectors_dir: Path) -> tuple[list[str], np.ndarray]:
    texts = [json.loads(line)["text"] for line in (vectors_dir / "basil_claims.jsonl").open(encoding="utf-8")]
    return texts, np.load(vectors_dir / "basil_e5.npy")


def build(path: Path, n: int, texts: list[str], vectors: np.ndarray) -> float:
    """A database of ``n`` claims (see the module's docstring); returns the seconds it took."""
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(index_folder(str(path)), ignore_errors=True)
    rng = np.random.default_rng(0)
    t = time.perf_counter()
    db = open_db(path)
    now = utc_now()
    for start in range(0, n, 1000 * PER_ARTICLE):
        with db.write():
            for a in range(start, min(start + 1000 * PER_ARTICLE, n), PER_ARTICLE):
                rows = range(a, min(a + PER_ARTICLE, n))
                claim_texts = [f"{texts[i % len(texts)]} ({i})" for i in rows]
                noisy = vectors[[i % len(texts) for i in rows]] + 0.02 * rng.standard_normal(
                    (len(rows), vectors.shape[1])
                ).astype(np.float32)
                noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
                starts = np.cumsum([0] + [len(c) + 1 for c in claim_texts]).tolist()
                article_id = db.articles.insert(
                    Article("\n".join(claim_texts), f"article {a // PER_ARTICLE}", ("fox", "nyt", "hpo")[a % 3],
                            lang="en"),
                    now,
                )  # fmt: skip
                ids = db.claims.insert(
                    article_id,
                    [Claim(c, c, s, s + len(c), checkworthiness=0.5, position=p)
                     for p, (c, s) in enumerate(zip(claim_texts, starts))],
                )  # fmt: skip
                db.vectors.add(DEFAULT_MODEL, {content_hash(c): v for c, v in zip(claim_texts, noisy)})
                for claim_id in ids[::20]:
                    for status in ("in_progress", "done"):
                        db.reviews.save(
                            Review(claim_id=claim_id, status=status, verdict="false", note="checked"),
                            changed_by="anna", source="bench", via_group=None,
                        )  # fmt: skip
    db.sqlite_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - t
    vector_index(db, DEFAULT_MODEL, "claims")  # kept beside the database, as any ingest leaves it
    db.close()
    return seconds


def run(workbench: str, args: list[str], db: Path) -> float:
    """Seconds of one command in a new process (its output discarded); fails loudly if the command does."""
    env = dict(os.environ, WORKBENCH_DB=str(db))
    t = time.perf_counter()
    done = subprocess.run([workbench, *args, "--db", str(db)], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"{workbench} {' '.join(args)} failed: {done.stderr.strip()[-400:]}")
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--baseline", help="another checkout's workbench executable (today's code)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cli_speed"))
    parser.add_argument(
        "--vectors", type=Path, default=CACHE, help="folder with basil_claims.jsonl, basil_e5.npy"
    )
    args = parser.parse_args(argv)
    ours = str(Path(sys.executable).with_name("workbench"))
    codes = {"this checkout": ours} | ({"baseline": args.baseline} if args.baseline else {})
    texts, vectors = basil(args.vectors)
    query = texts[17]
    commands = {
        "articles": ["articles"],
        "claims --article 1": ["claims", "--article", "1"],
        "history 1": ["history", "1"],
        "review 1": ["review", "1"],
        "search": ["search", query],
    }
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"CLI commands from a cold shell (new process each), median of {args.repeat}; codes take turns.")
    print(f"this checkout: {ours}" + (f"; baseline: {args.baseline}" if args.baseline else ""))
    print(
        f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; search query: {query!r}"
    )
    for n in args.sizes:
        path = args.workdir / f"cli_{n}.db"
        built = build(path, n, texts, vectors)
        print(f"\n{n:,} claims (built in {built:.0f} s, {path.stat().st_size / 2**20:.0f} MB)")
        for name, command in commands.items():
            seconds: dict[str, list[float]] = {code: [] for code in codes}
            run(ours, command, path)  # once untimed: the files are in the page cache for both codes alike
            for _ in range(args.repeat):
                for code, exe in codes.items():
                    seconds[code].append(run(exe, command, path))
            medians = {code: statistics.median(s) for code, s in seconds.items()}
            line = "  ".join(f"{code} {m:6.2f} s" for code, m in medians.items())
            ratio = (
                f"  ({medians['baseline'] / medians['this checkout']:.1f}x faster)" if args.baseline else ""
            )
            print(f"  {name:20} {line}{ratio}")
        shutil.rmtree(index_folder(str(path)))
        rebuilt = run(ours, commands["search"], path)
        again = run(ours, commands["search"], path)
        print(
            f"  {'search, index gone':20} this checkout {rebuilt:6.2f} s (rebuilds and keeps it), then {again:.2f} s"
        )
        print(f"  load average now: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
