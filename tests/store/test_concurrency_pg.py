"""Nothing lost on PostgreSQL: 8 reviewer processes and 2 app instances writing while an ingest runs, and
SIGKILL in the middle of an ingest, on a real server (tests/pg_server.py), as test_concurrency.py does on
SQLite."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

import workbench
from workbench.accounts import add_account
from workbench.config import shared_dir
from workbench.export import export_rows
from workbench.pipeline import seed_samples
from workbench.review import history
from workbench.store import open_db

PAGES = Path(workbench.__file__).parent / "ui" / "views"
BASIL = shared_dir() / "data" / "corpora" / "basil_en" / "articles.jsonl"
TESTS = str(Path(__file__).parents[1])
WRITERS = 8
APPS = 2


def _articles(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def _reviewer(url: str, worker: int, claim_ids: list[int], writes: int) -> list:
    """One reviewer process (review_saves.py), started once the ingest is writing."""
    from review_saves import saves_during_an_ingest

    from workbench.store import open_db

    db = open_db(url)
    result = saves_during_an_ingest(db, worker, claim_ids, writes, lambda: _articles(url))
    db.close()
    return ["writer", *result]


def _app_instance(url: str, name: str, saves: int) -> list:
    """One app instance (its own process, as a second server would be): the Claims page in AppTest, signed
    in as ``name`` with a real session, saving a note through the page's form ``saves`` times, each time from a
    freshly loaded page. A save either shows success or the page's conflict warning; nothing else."""
    os.environ["WORKBENCH_DB"] = url
    from streamlit.testing.v1 import AppTest

    from workbench.accounts import start_session
    from workbench.store import open_db
    from workbench.ui import common

    db = open_db(url)
    token = start_session(db, db.accounts.get(name))
    db.close()
    common.session_token = lambda: token  # AppTest has no cookies: the token a browser would send
    accepted, conflicts, errors = [], 0, []
    while _articles(url) < 3:
        time.sleep(0.01)
    before = _articles(url)
    for i in range(saves):
        note = f"{name}-{i}"
        try:
            at = AppTest.from_file(str(PAGES / "claims.py"), default_timeout=120)
            at.run()
            cid = at.selectbox(key="claim_id").value
            at.text_area(key=f"note_{cid}").input(note)
            at.button[0].click().run()
            if at.exception:
                errors.append(str(at.exception))
            elif at.success:
                accepted.append(note)
            elif at.warning and "Not saved" in at.warning[0].value:
                conflicts += 1
            else:
                errors.append(f"neither saved nor refused: {[w.value for w in at.warning]}")
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{type(exc).__name__}: {exc}")
    return ["app", accepted, conflicts, errors, before, _articles(url), saves]


def _ingester(url: str, batch: str) -> list:
    """An ingest of BASIL articles (the lines of the file ``batch``) running beside the reviewers (fake
    embedder, real pipeline)."""
    from conftest import FakeEmbedder

    from workbench.pipeline import ingest_articles
    from workbench.records import Article
    from workbench.store import open_db

    lines = Path(batch).read_text(encoding="utf-8").splitlines()
    articles = [Article(text=json.loads(line)["text"], source="basil") for line in lines]
    ingest_articles(open_db(url), articles, FakeEmbedder())
    return ["ingest"]


# Each writer, app instance and the ingest is a process of its own, started as a plain Python process (not
# multiprocessing, whose start-up pipe can leave the test waiting forever when a child dies before reading
# it): it runs one function of this module and prints what it returns as JSON on its last line.
_CHILD = textwrap.dedent(
    """
    import json, sys
    sys.path[:0] = [{here!r}, {tests!r}]
    import test_concurrency_pg as module
    result = getattr(module, sys.argv[1])(*json.loads(sys.argv[2]))
    print(json.dumps(result))
    """
)


def _start(function: str, *args) -> subprocess.Popen:
    script = _CHILD.format(here=str(Path(__file__).parent), tests=TESTS)
    # stderr into a file: a pipe nobody reads while the test waits on another child could fill up and stall it
    return subprocess.Popen(
        [sys.executable, "-c", script, function, json.dumps(args)],
        stdout=subprocess.PIPE,
        stderr=tempfile.TemporaryFile(),
        text=True,
    )


def _result(proc: subprocess.Popen, timeout: float) -> list:
    """What the child printed last, once it has ended; its stderr in the failure if it did not end well."""

    def err() -> str:
        proc.stderr.seek(0)
        return proc.stderr.read().decode("utf-8", "replace")[-3000:]

    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"a child ran past {timeout} s: {err()}") from None
    assert proc.returncode == 0, err()
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.skipif(not BASIL.exists(), reason="needs ../shared/data/corpora/basil_en")
def test_eight_writers_two_app_instances_and_an_ingest_lose_nothing_on_postgres(
    pg_url, fake_embedder, desk, tmp_path
):
    db = desk(open_db(pg_url))
    for worker in range(WRITERS):
        add_account(db, f"r{worker}", "reviewer", email=f"r{worker}@desk.example", by="admin")
    seed_samples(db, fake_embedder)
    claim_ids = [c.id for c in db.claims.all()][:12]
    db.close()
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(BASIL.read_text(encoding="utf-8").splitlines()[:60]) + "\n", encoding="utf-8")
    ingester = _start("_ingester", pg_url, str(batch))
    workers = [_start("_reviewer", pg_url, w, claim_ids, 60) for w in range(WRITERS)]
    apps = [_start("_app_instance", pg_url, name, 4) for name in ("anna", "ben")[:APPS]]
    results = [_result(p, 540) for p in [*workers, *apps]]
    assert _result(ingester, 300) == ["ingest"]
    errors = [e for *_, errs, _, _, _ in results for e in errs]
    assert errors == []  # no deadlock, serialization failure or lost connection
    accepted = [note for _, a, *_ in results for note in a]
    by_kind = {kind: sum(len(a) for k, a, *_ in results if k == kind) for kind in ("writer", "app")}
    assert by_kind["writer"] > 0 and by_kind["app"] > 0, by_kind  # both kinds of writer got through
    # the ingest really ran during the reviews: it stored articles while a reviewer was writing
    assert any(after > before for kind, *_, before, after, _ in results if kind == "writer")
    writer_results = [r for r in results if r[0] == "writer"]
    assert sum(c for _, _, c, *_ in writer_results) + sum(len(a) for _, a, *_ in writer_results) == sum(
        attempts for *_, attempts in writer_results
    )
    app_results = [r for r in results if r[0] == "app"]
    assert all(len(a) + c == saves for _, a, c, *_, saves in app_results)  # every save: saved or refused
    db = open_db(pg_url)
    try:
        # the history holds exactly the accepted writes, each once: nothing lost, nothing written unseen
        assert sorted(h["note"] for h in history(db) if h["note"]) == sorted(accepted)
        # and each claim's review is its last accepted change
        last = {}
        for h in history(db):
            last[h["claim_id"]] = h["note"]
        exported = {r["claim_id"]: r["note"] for r in export_rows(db) if r["claim_id"] in last}
        assert exported == last
        assert len(db.articles.all()) == 2 + 60
    finally:
        db.close()


# --- SIGKILL in the middle of a large ingest ------------------------------------------------------------

_INGEST_SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from conftest import FakeEmbedder
    from workbench.store import open_db
    from workbench.pipeline import ingest_paths
    report = ingest_paths(open_db({url!r}), [{batch!r}], FakeEmbedder())
    print(len(report.added), report.skipped)
    """
)


def _whole_articles_only(db) -> None:
    from workbench.text.attribution import split_claims

    for article in db.articles.all():
        assert len(db.claims.all(article.id)) == len(split_claims(article.text, article.lang)) > 0, article.id
    no_vector = db.pg_db.execute(
        "SELECT COUNT(*) FROM claims c LEFT JOIN embeddings e ON e.text_hash = c.text_hash WHERE e.text_hash IS NULL"
    ).fetchone()[0]
    assert no_vector == 0


@pytest.mark.slow
@pytest.mark.skipif(not BASIL.exists(), reason="needs ../shared/data/corpora/basil_en")
def test_sigkill_mid_ingest_on_postgres_leaves_whole_articles_and_a_rerun_completes(pg_url, tmp_path):
    batch = tmp_path / "batch.jsonl"
    lines = BASIL.read_text(encoding="utf-8").splitlines()[:120]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = _INGEST_SCRIPT.format(tests=TESTS, url=pg_url, batch=str(batch))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 180
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        stored = _articles(pg_url)
        if stored >= 10:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"

    db = open_db(pg_url)
    killed_at = len(db.articles.all())
    assert 10 <= killed_at < 120
    _whole_articles_only(db)
    db.close()

    rerun = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    added, skipped = map(int, rerun.stdout.split())
    db = open_db(pg_url)
    try:
        assert len(db.articles.all()) == 120 and added == 120 - killed_at and skipped == killed_at
        _whole_articles_only(db)
        ungrouped = db.pg_db.execute(
            "SELECT COUNT(*) FROM claims c LEFT JOIN claim_groups g ON g.claim_id = c.id WHERE g.claim_id IS NULL"
        ).fetchone()[0]
        assert ungrouped == 0
    finally:
        db.close()
