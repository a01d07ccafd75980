"""How long the signed-in app's pages take at 1k, 10k and 100k claims: this checkout against another
checkout (today's code) on the same database files, each page run by Streamlit's AppTest (the page's own
script, with its real database reads, model and caches; no browser, so no network or drawing time).

Each database is built like benchmarks/cli_speed.py (articles of 25 BASIL claims with real-looking e5
vectors, every 20th claim reviewed with three history rows) plus the test desk's accounts and groups: in
every three consecutive articles (three outlets), the first 15 claims form groups of three (one claim of
each article), so 60 % of the claims are grouped, and every 10th group has one suggested claim.

Each code runs in processes of its own (``python -m`` with that checkout first on ``sys.path``), signed in
as the editor "anna" through a real session (only AppTest's missing cookie is handed over, as in
tests/conftest.py ``sign_in``). Per process, in order:

* ``first page, server just started``: the Groups page (the app's default page) run once in the fresh
  process, so the modules, the model and every cache are loaded then; then the modules the other pages
  import are imported (a running server has them), untimed;
* ``blank page (AppTest alone)``: a page with only a title, for what AppTest itself adds to a new session;
* ``first page, new session``: the Groups page for a second browser session in the same process;
* ``groups page 2``, ``groups toggle``, ``groups toggle back``: the next page of groups, then "only groups
  with suggestions" on and off;
* ``groups after a commit``: a colleague's verdict committed by another connection, then a rerun (what is
  kept per version of the data is read again);
* for each other page: its first run in that session, then a rerun (``<page> again``), as a click does;
  on the review queue then three verdict keys, each a write and the next claim (``queue key press``, their
  median).

Codes take turns, ``--repeat`` processes each; the median is reported with baseline/this ratio.
Run from the repository root in the dev venv; the machine is shared and noisy, so read the ratios:
    python benchmarks/app_speed.py --baseline /path/to/main/checkout | tee benchmarks/app_speed_run_<date>.txt
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

REPO = Path(__file__).resolve().parents[1]
PAGES = ["claims", "queue", "articles", "stats", "archive", "search", "export"]
PER_ARTICLE = 25


def build(path: Path, n: int, vectors_dir: Path) -> float:
    """The database of ``n`` claims described in the module's docstring; returns the seconds it took."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from cli_speed import basil
    from cli_speed import build as build_claims

    from workbench.accounts import add_account
    from workbench.store import open_db

    texts, vectors = basil(vectors_dir)
    t = time.perf_counter()
    build_claims(path, n, texts, vectors)
    db = open_db(path)
    for name, role in (("admin", "admin"), ("anna", "editor"), ("ben", "editor"), ("rita", "reviewer")):
        add_account(db, name, role, email=f"{name}@desk.example", by="admin")
    ids = [r[0] for r in db.sqlite_db.execute("SELECT id FROM claims ORDER BY id")]
    memberships, suggestions = [], []
    block = 3 * PER_ARTICLE
    for start in range(0, len(ids) - block + 1, block):
        for position in range(15):
            members = [ids[start + a * PER_ARTICLE + position] for a in range(3)]
            group_id = members[0]
            memberships += [
                (c, group_id, "multilingual-e5-small", 0.95 - 0.01 * k) for k, c in enumerate(members)
            ]
            if group_id % 10 == 1:
                suggestions.append((ids[start + 20], group_id, members[0], 0.83))
    with db.write():
        db.groups.replace_all(memberships, suggestions)
    db.sqlite_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return time.perf_counter() - t


def worker(db_path: str, pages: list[str], checkout: str) -> None:
    """Run the pages as described in the module's docstring; print one JSON object of seconds."""
    from streamlit.testing.v1 import AppTest

    from workbench.accounts import start_session
    from workbench.store import open_db
    from workbench.ui import common

    db = open_db(db_path)
    token = start_session(db, db.accounts.get("anna"))
    db.close()
    common.session_token = lambda: token
    views = Path(checkout) / "workbench" / "ui" / "views"
    seconds: dict[str, float] = {}

    def timed(name: str, at: AppTest) -> AppTest:
        t = time.perf_counter()
        at.run()
        seconds[name] = time.perf_counter() - t
        if at.exception:
            raise SystemExit(f"{name}: {at.exception[0].message}")
        return at

    def page(name: str) -> AppTest:
        return AppTest.from_file(str(views / f"{name}.py"), default_timeout=900)

    timed("first page, server just started", page("groups"))
    # a server that has shown any page has imported what the pages import; from here on, the figures are
    # those of a running server (AppTest's own cost of a new session is the blank page's)
    import pandas  # noqa: F401

    import workbench.export  # noqa: F401
    import workbench.pipeline  # noqa: F401
    import workbench.search  # noqa: F401

    timed("blank page (AppTest alone)", AppTest.from_string("import streamlit as st\nst.title('-')"))
    at = timed("first page, new session", page("groups"))
    pager = [n for n in at.number_input if n.key == "groups_page"]
    if pager:
        pager[0].set_value(2)
        timed("groups page 2", at)
    toggle = [t for t in at.toggle if t.key == "pending_only"]
    if toggle:
        toggle[0].set_value(True)
        timed("groups toggle", at)
        toggle[0].set_value(False)
        timed("groups toggle back", at)
    # a colleague's verdict, committed meanwhile by another connection: what is kept is read again
    from workbench.review import set_review

    other = open_db(db_path)
    set_review(other, 1, status="done", verdict="true", reviewer="ben")
    other.close()
    timed("groups after a commit", at)
    for name in pages:
        at = timed(name, page(name))
        timed(f"{name} again", at)
        if name == "queue":  # a verdict key: a write, then the next claim (the review queue's later pages)
            presses = []
            for _ in range(3):
                at.button(key="queue_verdict_true").click()
                timed("queue key press", at)
                presses.append(seconds["queue key press"])
            seconds["queue key press"] = statistics.median(presses)
    print("RESULT " + json.dumps(seconds))


def measure(checkout: Path, db: Path, pages: list[str]) -> dict[str, float]:
    """One worker process for ``checkout`` on ``db``."""
    env = dict(os.environ, WORKBENCH_DB=str(db), PYTHONPATH=str(checkout))
    env.pop("WORKBENCH_USER", None)
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "app_speed.py"), "--worker", str(db), "--checkout",
         str(checkout), "--pages", *pages],
        env=env, cwd=checkout, capture_output=True, text=True,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{checkout} failed: {(done.stderr or done.stdout).strip()[-800:]}")
    return json.loads(lines[-1][len("RESULT ") :])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--baseline", type=Path, help="another checkout (today's code)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", nargs="*", default=PAGES)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/app_speed"))
    parser.add_argument("--vectors", type=Path, default=Path("/work/data/pairs/cache"))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--checkout", help=argparse.SUPPRESS)
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.pages, args.checkout)
        return
    if args.build:
        print("RESULT " + json.dumps(build(Path(args.checkout), args.build, args.vectors)))
        return
    codes = {"this": REPO} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(
        f"The signed-in app's pages (AppTest), median of {args.repeat} processes per code; codes take turns."
    )
    print(f"this: {REPO}" + (f"; baseline: {args.baseline}" if args.baseline else ""))
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for n in args.sizes:
        path = args.workdir / f"app_{n}.db"
        for stale in args.workdir.glob(f"app_{n}*"):
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
        # built by the oldest code, so that each code can open it (a newer schema is refused by older code);
        # each code then has a copy of its own (this checkout's is upgraded when it first opens it)
        builder = codes.get("baseline", REPO)
        done = subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "app_speed.py"), "--build", str(n), "--checkout",
             str(path), "--vectors", str(args.vectors)],
            env=dict(os.environ, PYTHONPATH=str(builder)), cwd=builder, capture_output=True, text=True,
        )  # fmt: skip
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode != 0 or not lines:
            raise SystemExit(f"building {path} failed: {(done.stderr or done.stdout).strip()[-800:]}")
        built = json.loads(lines[-1][len("RESULT ") :])
        paths = {}
        for code in codes:
            paths[code] = args.workdir / f"app_{n}_{code}.db"
            shutil.copy(path, paths[code])
            if Path(f"{path}.vectors").is_dir():
                shutil.copytree(f"{path}.vectors", f"{paths[code]}.vectors")
        print(f"\n{n:,} claims (built in {built:.0f} s, {path.stat().st_size / 2**20:.0f} MB)", flush=True)
        runs: dict[str, list[dict[str, float]]] = {code: [] for code in codes}
        for _ in range(args.repeat):
            for code, checkout in codes.items():
                runs[code].append(measure(checkout, paths[code], args.pages))
        for name in runs["this"][0]:
            medians = {
                code: statistics.median(r[name] for r in rs if name in r)
                for code, rs in runs.items()
                if all(name in r for r in rs)
            }
            line = "  ".join(f"{code} {m:6.2f} s" for code, m in medians.items())
            ratio = f"  ({medians['baseline'] / medians['this']:.1f}x)" if "baseline" in medians else ""
            print(f"  {name:34} {line}{ratio}", flush=True)
        print(f"  load average now: {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
