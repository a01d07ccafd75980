"""Grouping at 10k and 100k claims: this checkout's judged path against main's, in one run.

The databases are those of benchmarks/scale.py (synthetic clustered 384-d vectors of vector_index.py, BASIL
claim texts with their rows' cluster words, articles of 25 claims, a real database file built with the
library); built here if missing. Each measurement runs in a fresh process, one after the other, and reports
the CPU seconds of that process (the machine is shared: read CPU seconds and ratios, not wall seconds):
- ``regroup`` of every claim by the judged path (candidates -> the shipped judge -> linking): ``branch`` is
  this checkout's code, ``main`` the code of ``--main-code`` (a checkout of main, run with its own
  ``--main-python``; its ``workbench`` comes first on the path, the benchmark helpers are this checkout's);
  ``today`` (optional, ``--paths``) is the cosine path any model without a judge gets;
- ``add 30``: one new article of 30 claims by ``add_claims`` into the stored groups, in a fresh process
  (like a CLI ingest), each path on its own copy of the database grouped by its own regroup. The vector
  index search keeps beside a database (``search.vector_index``) is written after each regroup, untimed, as
  it is for a database that has been searched or ingested into before; ``add 30 cold`` removes it first
  (every vector read from SQLite, the first ingest into a database never searched).
Equal quality: after the regroups, the groups of two or more claims (as sets of claim ids) and the
suggestions (claim, group, via) of ``branch`` are compared with ``main``'s on the same database, and every
stored row of both tables (cosines and probabilities included) by an md5; after the adds, the same for the
databases each path's add left.
Where the time goes: each regroup worker times its stages in the process (CPU seconds, each stage without the
stages it calls; no profiler, so the total is the real one): the neighbour search, shared rare words, the
bound, judging (the claims' profiles and the pairs' margins apart), average linkage, canonical statements,
suggestions, reading and writing the store.

Run: python benchmarks/scale_grouping.py --main-code ../base --main-python ../base/.venv/bin/python
     [--sizes 10000 100000] | tee benchmarks/scale_grouping_run_<date>.txt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402
import vector_index as vi  # noqa: E402

from workbench import candidates, group, linking, search  # noqa: E402
from workbench.judge import load_judge  # noqa: E402
from workbench.vectors import registry  # noqa: E402

NEW_CLAIMS = scale.NEW_CLAIMS


def use(path: str) -> None:
    """Make the synthetic model group as e5 does: today's thresholds, or the shipped judge."""
    registry.THRESHOLDS[scale.MODEL] = registry.THRESHOLDS[registry.DEFAULT_MODEL]
    if path != "today":
        judge = load_judge(registry.DEFAULT_MODEL)
        group.load_judge = lambda model: judge


STAGES = (  # (owner, attribute, label): what a regroup calls, timed without the timed calls inside it
    (candidates.ExactCandidates, "_neighbours", "neighbour search"),
    (getattr(candidates, "GraphCandidates", None), "_neighbours", "neighbour search"),  # main may lack it
    (candidates.ExactCandidates, "_rare_word_pairs", "rare words"),
    (group, "_worth_judging", "bound"),
    (linking.Linking, "probabilities", "judging"),
    # the function that reads a profile, once per claim: not Linking.profile, which judging calls twice per
    # pair (the timer's own clock reads then cost 7 % of a 100k regroup, in main's figures and this one's)
    (linking, "profile", "profiles"),
    (linking.Linking, "margins", "margins"),
    (linking, "judged_groups", "average linkage"),
    (group, "_membership_rows", "canonical"),
    (linking, "judged_suggestions", "suggestions"),
    (group, "_infos", "reading texts"),
)


def time_stages(spent: dict) -> None:
    """Wrap STAGES so that each adds its CPU seconds, less those of timed calls inside it, to ``spent``."""
    inner = [0.0]  # CPU seconds of timed calls below the one running

    def timed(fn, label):
        def run(*args, **kwargs):
            outer, inner[0] = inner[0], 0.0
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                took = time.process_time() - start
                spent[label] = spent.get(label, 0.0) + took - inner[0]
                inner[0] = outer + took

        return run

    for owner, name, label in STAGES:
        if owner is not None and name in vars(owner):  # its own method, not one it inherits (timed already)
            setattr(owner, name, timed(getattr(owner, name), label))


class HelperMemory:
    """The peak of the memory a regroup's helper process holds of its own (Private_Clean + Private_Dirty of
    /proc/PID/smaps_rollup: not the pages it still shares with the regroup), sampled every 0.5 s on a thread
    while the block runs (Linux; 0 elsewhere)."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> HelperMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
        while not self._done.wait(0.5):
            try:
                pids = children.read_text().split()
            except OSError:
                return
            for pid in pids:
                try:
                    lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
                except OSError:
                    continue
                kb = sum(int(line.split()[1]) for line in lines if line.startswith("Private_"))
                self.peak_mb = max(self.peak_mb, kb / 1024)


def _children_cpu() -> float:
    """CPU seconds of this process's children that have ended (the helper process of a regroup)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def worker(workdir: Path, n: int, path: str, task: str) -> dict:
    db_path = workdir / f"grouping_{path}_{n}.db"
    use(path)
    embedder = scale.StoredOnlyEmbedder()
    if task == "regroup":
        for stale in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            stale.unlink(missing_ok=True)
        shutil.rmtree(search.index_folder(str(db_path)), ignore_errors=True)
        shutil.copy(workdir / f"claims_{n}.db", db_path)
        db = scale.open_db(db_path)
        spent: dict[str, float] = {}
        time_stages(spent)
        t, cpu, before = time.perf_counter(), time.process_time(), _children_cpu()
        with HelperMemory() as helper_memory:
            groups, claims = group.regroup(db, embedder)
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
        spent["other (store, arrays)"] = cpu - sum(spent.values())
        # a regroup's helper process (linking.Linking.helper) judges half of the large batches: its CPU
        # seconds count, its stages do not show in ``spent`` (they run in its own process)
        helper = _children_cpu() - before
        spent["helper process"] = helper
        cpu += helper
        peak = vi.peak_rss_mb()
        pairs = db.sqlite_db.execute("SELECT COUNT(*) FROM group_suggestions").fetchone()[0]
        search.vector_index(db, scale.MODEL, "claims")  # untimed: the index files a searched database has
        db.sqlite_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return dict(
            s=seconds,
            cpu_s=cpu,
            groups=groups,
            grouped=claims,
            suggestions=pairs,
            peak_mb=peak,
            helper_peak_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if helper else 0.0,
            helper_private_mb=helper_memory.peak_mb,
            stages=spent,
        )
    # a copy of the database grouped by the regroup worker of the same path, so adds can be run again
    added = workdir / f"grouping_{path}_{n}_add.db"
    for stale in (added, Path(f"{added}-wal"), Path(f"{added}-shm")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(search.index_folder(str(added)), ignore_errors=True)
    shutil.copy(db_path, added)
    if task == "add":
        shutil.copytree(search.index_folder(str(db_path)), search.index_folder(str(added)))
    db = scale.open_db(added)
    texts = scale.claim_texts_for(workdir, n + NEW_CLAIMS)[n:]
    vectors = vi.load_vectors(workdir, n + NEW_CLAIMS)[n:].copy()
    with db.write():
        ids = scale.store_article(db, texts, vectors, n)
    t, cpu = time.perf_counter(), time.process_time()
    joined = group.add_claims(db, embedder, ids)
    return dict(
        s=time.perf_counter() - t, cpu_s=time.process_time() - cpu, joined=joined, peak_mb=vi.peak_rss_mb()
    )


def spawn(args, n: int, path: str, task: str) -> dict:
    cmd = [sys.executable, __file__, "--workdir", args.workdir, "--worker", f"{n}:{path}:{task}"]
    env = dict(os.environ)
    if path == "main":
        cmd[0] = args.main_python
        env["PYTHONPATH"] = os.pathsep.join([str(Path(args.main_code).resolve()), env.get("PYTHONPATH", "")])
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, check=True, env=env)
        return json.loads(out.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout:.0f} s"}
    except subprocess.CalledProcessError as exc:
        return {"error": (exc.stderr.strip().splitlines() or ["no output"])[-1]}


def stored_grouping(path: Path) -> tuple[set[frozenset[int]], set[tuple[int, int, int]]]:
    """The groups of two or more claims (sets of claim ids) and the suggestions (claim, group, via) stored."""
    with sqlite3.connect(path) as db:
        members: dict[int, set[int]] = {}
        for claim, group_id in db.execute("SELECT claim_id, group_id FROM claim_groups"):
            members.setdefault(group_id, set()).add(claim)
        hints = set(db.execute("SELECT claim_id, group_id, via_claim FROM group_suggestions"))
    return {frozenset(m) for m in members.values() if len(m) > 1}, hints


def stored_digest(path: Path) -> str:
    """An md5 of every stored row of the group and suggestion tables, cosines and probabilities included."""
    digest = hashlib.md5()
    with sqlite3.connect(path) as db:
        for table in ("claim_groups", "group_suggestions"):
            for row in sorted(repr(row) for row in db.execute(f"SELECT * FROM {table}")):
                digest.update(row.encode())
    return digest.hexdigest()


def differences(workdir: Path, n: int, a: str, b: str, suffix: str = "") -> str:
    path_a, path_b = (workdir / f"grouping_{x}_{n}{suffix}.db" for x in (a, b))
    groups_a, hints_a = stored_grouping(path_a)
    groups_b, hints_b = stored_grouping(path_b)
    same_rows = "the same" if stored_digest(path_a) == stored_digest(path_b) else "different"
    return (
        f"groups of 2+: {a} {len(groups_a)}, {b} {len(groups_b)}, only {a} {len(groups_a - groups_b)},"
        f" only {b} {len(groups_b - groups_a)}; suggestions: {a} {len(hints_a)}, {b} {len(hints_b)},"
        f" only {a} {len(hints_a - hints_b)}, only {b} {len(hints_b - hints_a)}; stored rows (probabilities"
        f" and cosines included) {same_rows}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--workdir", default="/tmp/scale_bench")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--main-code", help="a checkout of main (its workbench/ is imported for the main path)")
    ap.add_argument("--main-python", default=sys.executable, help="the Python of main's virtual environment")
    ap.add_argument("--paths", nargs="+", default=["main", "branch"], choices=("today", "main", "branch"))
    ap.add_argument(
        "--tasks", nargs="+", default=["regroup", "add", "add_cold"], choices=("regroup", "add", "add_cold")
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    workdir = Path(args.workdir)
    if args.worker:
        n, path, task = args.worker.split(":")
        print(json.dumps(worker(workdir, int(n), path, task)))
        return
    if "main" in args.paths and not args.main_code:
        ap.error("--main-code is needed for the main path")
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
        f" CPU-second ratios, not times); library {scale.library_version()}; main code {args.main_code}"
    )
    base = args.paths[0]
    print(f"\nCPU seconds of each worker process (wall seconds in brackets); ratio: each path / {base}")
    for n in args.sizes:
        for task in args.tasks:
            label = {"regroup": "regroup", "add": "add 30", "add_cold": "add 30 cold"}[task]
            results = {path: spawn(args, n, path, task) for path in args.paths}
            for path, r in results.items():
                if "error" in r:
                    print(f"{n:>8}  {label:<12} {path:<7} {r['error']}", flush=True)
                    continue
                ratio = ""
                # the helper's own peak counts the pages it shares with the regroup's process
                helper_peak = (
                    f" (helper {r['helper_peak_mb']:.0f} MB, of it its own {r['helper_private_mb']:.0f} MB)"
                    if r.get("helper_peak_mb")
                    else ""
                )
                if "error" not in results[base] and path != base:
                    ratio = f"  {path}/{base} {r['cpu_s'] / results[base]['cpu_s']:.3f}"
                extra = (
                    f"  groups2+ {r['groups']}, grouped {r['grouped']}, suggestions {r['suggestions']}"
                    if task == "regroup"
                    else f"  joined a stored group {r['joined']}/{NEW_CLAIMS}"
                )
                print(
                    f"{n:>8}  {label:<12} {path:<7} {r['cpu_s']:8.2f} CPU-s ({r['s']:7.2f} s)"
                    f"  peak {r['peak_mb']:6.0f} MB{helper_peak}{ratio}{extra}",
                    flush=True,
                )
                if "stages" in r:
                    parts = sorted(r["stages"].items(), key=lambda kv: -kv[1])
                    print(f"{'':>10}stages: " + ", ".join(f"{k} {v:.2f}" for k, v in parts), flush=True)
            if {"main", "branch"} <= set(args.paths) and all("error" not in r for r in results.values()):
                suffix = "" if task == "regroup" else "_add"
                print(
                    f"{n:>8}  same database after {label}, main vs branch:"
                    f" {differences(workdir, n, 'main', 'branch', suffix)}",
                    flush=True,
                )
    print(f"\nWall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
