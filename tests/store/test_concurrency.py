"""Nothing lost: version-checked reviews, several writer processes, SIGKILL in the middle of an ingest, backup."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

import workbench
from workbench.accounts import add_account
from workbench.cli import cli
from workbench.config import shared_dir
from workbench.export import export_rows
from workbench.pipeline import seed_samples
from workbench.review import ReviewConflict, get_review, history, set_review
from workbench.store import open_db

PAGES = Path(workbench.__file__).parent / "ui" / "views"
BASIL = shared_dir() / "data" / "corpora" / "basil_en" / "articles.jsonl"


@pytest.fixture
def seeded(db_path, fake_embedder, desk):
    db = desk(open_db(db_path))
    for worker in range(4):  # the reviewer processes below
        add_account(db, f"r{worker}", "reviewer", email=f"r{worker}@desk.example", by="admin")
    seed_samples(db, fake_embedder)
    return db


# --- optimistic version checks -----------------------------------------------------------------------


def test_a_stale_save_is_refused_and_shows_the_other_verdict(seeded):
    loaded = get_review(seeded, 1)  # both reviewers load version 0
    set_review(seeded, 1, verdict="true", reviewer="anna", expected_version=loaded.version)
    with pytest.raises(ReviewConflict) as conflict:
        set_review(seeded, 1, verdict="false", reviewer="ben", expected_version=loaded.version)
    assert conflict.value.current.verdict == "true" and conflict.value.current.reviewer == "anna"
    assert "changed by anna" in str(conflict.value) and "verdict true" in str(conflict.value)
    assert get_review(seeded, 1).verdict == "true"
    # ben has seen it and decides to overwrite anna's verdict: a save based on the current version goes through
    set_review(
        seeded,
        1,
        verdict="false",
        reviewer="ben",
        expected_version=conflict.value.current.version,
        overwrite=True,
    )
    assert [(h["reviewer"], h["verdict"]) for h in history(seeded, 1)] == [("anna", "true"), ("ben", "false")]
    assert get_review(seeded, 1).version == 2


def test_saving_what_is_already_there_is_no_conflict(seeded):
    set_review(seeded, 2, verdict="true", reviewer="anna", expected_version=0)
    same = set_review(seeded, 2, verdict="true", reviewer="ben", expected_version=0)
    assert (same.reviewer, same.version, len(history(seeded, 2))) == ("anna", 1, 1)


def test_cli_if_version(seeded, db_path):
    run = CliRunner()
    assert "(version 0)" in run.invoke(cli, ["review", "3", "--db", db_path]).output
    ok = run.invoke(
        cli, ["review", "3", "--verdict", "false", "--if-version", "0", "--as", "anna", "--db", db_path]
    )
    assert ok.exit_code == 0 and "(version 1)" in ok.output
    stale = run.invoke(
        cli, ["review", "3", "--verdict", "true", "--if-version", "0", "--as", "ben", "--db", db_path]
    )
    assert stale.exit_code == 1 and "since you loaded it" in stale.output and "verdict false" in stale.output
    assert get_review(open_db(db_path), 3).verdict == "false"


class Browser:
    """The Claims page in one browser session, signed in as one account: every run of it is theirs."""

    def __init__(self, sign_in, name: str) -> None:
        self.sign_in, self.name = sign_in, name
        sign_in(name)
        self.at = AppTest.from_file(str(PAGES / "claims.py"), default_timeout=60)
        self.at.run()
        assert not self.at.exception, self.at.exception

    def save(self):
        self.sign_in(self.name)
        self.at.button[0].click().run()  # the form's submit button
        assert not self.at.exception, self.at.exception
        return self.at


def test_two_browser_sessions_never_overwrite_each_other_silently(seeded, sign_in):
    anna, ben = Browser(sign_in, "anna"), Browser(sign_in, "ben")
    cid = anna.at.selectbox(key="claim_id").value
    assert ben.at.selectbox(key="claim_id").value == cid
    ben.at.selectbox(key=f"verdict_{cid}").set_value("true")
    assert ben.save().success and get_review(seeded, cid).verdict == "true"

    anna.at.selectbox(key=f"verdict_{cid}").set_value("false")
    anna.save()
    assert not anna.at.success and anna.at.warning
    warning = anna.at.warning[0].value
    assert "Not saved" in warning and "verdict **True**" in warning
    assert get_review(seeded, cid).verdict == "true"  # ben's verdict stands until anna decides

    anna.save()  # anna has seen it; saving again asks first, naming whose verdict she would replace
    assert not anna.at.success
    assert (
        "the verdict True is **ben**'s. Press Save again to overwrite ben's verdict"
        in anna.at.warning[0].value
    )
    assert get_review(seeded, cid).verdict == "true"

    anna.save()  # confirmed: hers now stands
    assert anna.at.success and get_review(seeded, cid).verdict == "false"
    assert [(h["reviewer"], h["verdict"]) for h in history(seeded, cid)] == [
        ("ben", "true"),
        ("anna", "false"),
    ]


def test_take_theirs_discards_the_stale_form(seeded, sign_in):
    anna_browser, ben_browser = Browser(sign_in, "anna"), Browser(sign_in, "ben")
    anna, ben = anna_browser.at, ben_browser.at
    cid = anna.selectbox(key="claim_id").value
    ben.text_area(key=f"note_{cid}").input("from ben")
    ben_browser.save()
    anna.text_area(key=f"note_{cid}").input("from anna")
    anna_browser.save()
    assert anna.warning
    sign_in("anna")
    anna.button(key=f"take_{cid}").click().run()
    assert anna.text_area(key=f"note_{cid}").value == "from ben"
    assert [h["note"] for h in history(seeded, cid)] == ["from ben"]


# --- several processes writing at once, while an ingest runs ---------------------------------------------


def _articles(db) -> int:
    return db.sqlite_db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def _reviewer(db_path: str, worker: int, claim_ids: list[int], writes: int, queue) -> None:
    """One reviewer process (review_saves.py); reports what was accepted and how many articles the ingest had
    stored before and after."""
    from review_saves import saves_during_an_ingest

    from workbench.store import open_db

    db = open_db(db_path)
    queue.put(tuple(saves_during_an_ingest(db, worker, claim_ids, writes, lambda: _articles(db))))


def _ingester(db_path: str, lines: list[str]) -> None:
    """An ingest of BASIL articles running beside the reviewers (fake embedder, real pipeline)."""
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from conftest import FakeEmbedder

    from workbench.pipeline import ingest_articles
    from workbench.records import Article
    from workbench.store import open_db

    articles = [Article(text=json.loads(line)["text"], source="basil") for line in lines]
    ingest_articles(open_db(db_path), articles, FakeEmbedder())


@pytest.mark.slow
@pytest.mark.skipif(not BASIL.exists(), reason="needs ../shared/data/corpora/basil_en")
def test_concurrent_reviewers_and_an_ingest_lose_nothing(seeded, db_path):
    claim_ids = [
        r[0] for r in seeded.sqlite_db.execute("SELECT id FROM claims ORDER BY id LIMIT 12").fetchall()
    ]
    seeded.close()
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    lines = BASIL.read_text(encoding="utf-8").splitlines()[:60]
    ingester = ctx.Process(target=_ingester, args=(str(db_path), lines))
    workers = [ctx.Process(target=_reviewer, args=(str(db_path), w, claim_ids, 150, queue)) for w in range(4)]
    ingester.start()
    for p in workers:
        p.start()
    results = [queue.get(timeout=300) for _ in workers]
    for p in [*workers, ingester]:
        p.join(timeout=300)
        assert p.exitcode == 0
    accepted = [note for a, *_ in results for note in a]
    errors = [e for _, _, errs, *_ in results for e in errs]
    # the ingest really ran during the reviews: it stored articles while a reviewer was writing
    assert any(after > before for *_, before, after, _ in results)
    assert errors == []  # in particular no "database is locked"
    assert sum(c for _, c, *_ in results) + len(accepted) == sum(attempts for *_, attempts in results)
    db = open_db(db_path)
    # the history holds exactly the accepted writes, each once
    assert sorted(h["note"] for h in history(db)) == sorted(accepted)
    # and each claim's review is its last accepted change
    last = {}
    for h in history(db):
        last[h["claim_id"]] = h["note"]
    exported = {r["claim_id"]: r["note"] for r in export_rows(db) if r["claim_id"] in last}
    assert exported == last
    assert _articles(db) == 2 + 60


# --- SIGKILL in the middle of a large ingest ------------------------------------------------------------

_INGEST_SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from conftest import FakeEmbedder
    from workbench.store import open_db
    from workbench.pipeline import ingest_paths
    report = ingest_paths(open_db({db!r}), [{batch!r}], FakeEmbedder())
    print(len(report.added), report.skipped)
    """
)


def _whole_articles_only(db) -> None:
    assert db.sqlite_db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    from workbench.text.attribution import split_claims

    for article_id, text, lang in db.sqlite_db.execute("SELECT id, text, lang FROM articles").fetchall():
        stored = db.sqlite_db.execute(
            "SELECT COUNT(*) FROM claims WHERE article_id = ?", [article_id]
        ).fetchone()[0]
        assert stored == len(split_claims(text, lang)) > 0, article_id
    no_vector = db.sqlite_db.execute(
        "SELECT COUNT(*) FROM claims c LEFT JOIN embeddings e ON e.text_hash = c.text_hash WHERE e.text_hash IS NULL"
    ).fetchone()[0]
    assert no_vector == 0


@pytest.mark.slow
@pytest.mark.skipif(not BASIL.exists(), reason="needs ../shared/data/corpora/basil_en")
def test_sigkill_mid_ingest_leaves_whole_articles_and_a_rerun_completes(tmp_path):
    db_path, batch = tmp_path / "crash.db", tmp_path / "batch.jsonl"
    lines = BASIL.read_text(encoding="utf-8").splitlines()[:120]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = _INGEST_SCRIPT.format(tests=str(Path(__file__).parents[1]), db=str(db_path), batch=str(batch))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db_path, timeout=5) as conn:
                stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:
            continue  # the schema may not exist yet
        if stored >= 10:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"

    db = open_db(db_path)
    killed_at = db.sqlite_db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert 10 <= killed_at < 120
    _whole_articles_only(db)
    db.close()

    rerun = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    added, skipped = map(int, rerun.stdout.split())
    db = open_db(db_path)
    total = db.sqlite_db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert total == 120 and added == 120 - killed_at and skipped == killed_at
    _whole_articles_only(db)
    assert (
        db.sqlite_db.execute(
            "SELECT COUNT(*) FROM claims c LEFT JOIN claim_groups g ON g.claim_id = c.id"
            " WHERE g.claim_id IS NULL"
        ).fetchone()[0]
        == 0
    )


# --- backup ---------------------------------------------------------------------------------------------


def test_backup_of_a_live_database_is_consistent_and_restorable(seeded, db_path, tmp_path):
    set_review(seeded, 1, verdict="false", reviewer="anna")
    writer = open_db(db_path)
    writer.sqlite_db.conn.execute("BEGIN IMMEDIATE")  # someone is in the middle of a write
    writer.sqlite_db.execute("UPDATE reviews SET note = 'uncommitted' WHERE claim_id = 1")
    copy = seeded.backup(tmp_path / "copy.db")
    writer.sqlite_db.conn.rollback()
    restored = open_db(copy)
    assert restored.sqlite_db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert get_review(restored, 1).verdict == "false" and get_review(restored, 1).note == ""
    for table in ("articles", "claims", "embeddings", "claim_groups", "reviews", "review_history"):
        count = f"SELECT COUNT(*) FROM {table}"
        assert restored.sqlite_db.execute(count).fetchone() == seeded.sqlite_db.execute(count).fetchone(), (
            table
        )
    assert not Path(f"{copy}-wal").exists() or Path(f"{copy}-wal").stat().st_size == 0


def test_backup_command_refuses_to_overwrite(seeded, db_path, tmp_path):
    target = tmp_path / "b.db"
    ok = CliRunner().invoke(cli, ["backup", str(target), "--db", str(db_path)])
    assert ok.exit_code == 0 and "integrity ok" in ok.output and target.exists()
    again = CliRunner().invoke(cli, ["backup", str(target), "--db", str(db_path)])
    assert again.exit_code == 1 and "exists" in again.output
    itself = CliRunner().invoke(cli, ["backup", str(db_path), "--db", str(db_path)])
    assert itself.exit_code == 1 and "the database itself" in itself.output
    nowhere = CliRunner().invoke(cli, ["backup", str(tmp_path / "no" / "b.db"), "--db", str(db_path)])
    assert nowhere.exit_code == 1 and "does not exist" in nowhere.output and "Traceback" not in nowhere.output
