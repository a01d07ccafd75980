"""Opening a database whatever state it is in (issue 16, items 5, 6 and 9): read-only files, empty files,
files from a newer version, damaged files, several processes creating or upgrading one file at once, and a
backup killed half-way. Every case ends in a working database or a one-line message; nothing is lost."""

from __future__ import annotations

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

from workbench.cli import cli
from workbench.pipeline import seed_samples
from workbench.review import set_review
from workbench.store import open_db
from workbench.store.sqlite.migrations import m001_articles_claims_embeddings_groups_reviews, migrations

MIGRATIONS = [m.name for m in migrations._migrations]


def _cli(*args):
    """The CLI in this process, exceptions caught as a user would see them (no traceback reaches them)."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.exc_info
    return result


def _applied(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


@pytest.fixture
def samples_db(db_path, fake_embedder, desk):
    """A closed database file holding the test desk's accounts, the sample articles and one review."""
    db = desk(open_db(db_path))
    seed_samples(db, fake_embedder)
    set_review(db, 1, verdict="false", reviewer="anna")
    db.close()
    return db_path


# --- item 9: a read-only database is read, with writing off -------------------------------------------


def test_a_read_only_database_is_read_and_says_writing_is_off(samples_db, read_only_folder, fake_embedder):
    from workbench.records import ReadOnlyError

    path = read_only_folder.add(samples_db)
    db = open_db(path)
    assert db.read_only and any("read-only" in note for note in db.notes)
    assert db.claims.count() > 10 and db.reviews.get(1).verdict == "false"
    with pytest.raises(ReadOnlyError, match="read-only"):
        with db.write():
            pass
    db.close()

    claims = _cli("claims", "--db", path, "--format", "csv")
    assert claims.exit_code == 0, claims.output
    assert "read-only" in claims.stderr and "writing is off" in claims.stderr
    assert claims.stdout.count("\n") > 10
    exported = _cli("export", "--db", path)
    assert exported.exit_code == 0 and "false" in exported.stdout
    found = _cli("search", "Sicherheitsrat", "--db", path)
    assert found.exit_code == 0 and "Sicherheitsrat" in found.stdout
    write = _cli("review", "2", "--verdict", "true", "--status", "done", "--as", "ben", "--db", path)
    assert write.exit_code == 1 and "Traceback" not in write.output
    error = [line for line in write.output.splitlines() if not line.startswith("note: ")]
    assert error == [f"Error: {path} is read-only: writing is off"]


def test_an_empty_file_becomes_a_database_and_the_user_is_told(tmp_path):
    path = tmp_path / "claims.db"
    path.write_bytes(b"")
    result = _cli("articles", "--db", path)
    assert result.exit_code == 0
    assert "empty file (0 bytes)" in result.stderr and "new" in result.stderr
    assert _applied(path) == MIGRATIONS
    again = _cli("articles", "--db", path)  # from now on it is a database like any other
    assert again.exit_code == 0 and again.stderr == ""


def test_an_empty_read_only_file_is_refused_in_one_line(tmp_path, read_only_folder):
    empty = tmp_path / "claims.db"
    empty.write_bytes(b"")
    path = read_only_folder.add(empty)
    with pytest.raises(ValueError, match="empty file"):
        open_db(path)


def test_a_foreign_sqlite_file_is_left_alone(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(ValueError, match="not a workbench database"):
        open_db(path)
    with sqlite3.connect(path) as conn:  # none of our tables was added to someone else's file
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == [
            "photos"
        ]


# --- item 5: newer versions, damaged files, migrations racing ---------------------------------------------


def test_a_database_from_a_newer_version_is_refused_before_anything_happens(tmp_path):
    path = tmp_path / "future.db"
    open_db(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('workbench', 'm099_from_a_later_version', '2027-01-01')"
        )
        conn.execute("ALTER TABLE claims RENAME TO claims_v2")  # what a later version might do
    with pytest.raises(ValueError, match="newer version") as refused:
        open_db(path)
    assert "m099_from_a_later_version" in str(refused.value)
    result = _cli("claims", "--db", path)
    assert result.exit_code == 1 and "newer version" in result.output
    assert len(result.output.strip().splitlines()) == 1


def _damage(path: Path, table: str) -> None:
    """Overwrite the root page of ``table`` with garbage: the file header and schema stay readable."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(bytes([0xA5, 0x17]) * (page_size // 2))


@pytest.mark.parametrize("command", [["export"], ["claims"], ["search", "Sicherheitsrat"], ["group"]])
def test_a_damaged_database_gives_one_line_and_no_traceback(samples_db, command, fake_embedder):
    _damage(samples_db, "claims")
    result = _cli(*command, "--db", samples_db)
    assert result.exit_code == 1
    assert "damaged" in result.output and "backup" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


_OPEN_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import sqlite_utils  # imported before the start line, so that every process opens at the same moment
    from workbench.store import open_db
    from workbench.store.sqlite import migrations
    Path(sys.argv[2], "ready-" + sys.argv[3]).touch()
    while not Path(sys.argv[2], "go").exists():
        time.sleep(0.001)
    db = open_db(sys.argv[1])
    print(db.claims.count())
    """
)


def _open_at_once(path: Path, processes: int = 6) -> list[subprocess.CompletedProcess]:
    """``processes`` processes opening ``path`` at one moment (they wait for a start file)."""
    flags = path.parent / "flags"
    flags.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_SCRIPT, str(path), str(flags), str(i)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(processes)
    ]
    deadline = time.time() + 120
    while len(list(flags.glob("ready-*"))) < processes and time.time() < deadline:
        time.sleep(0.01)
    (flags / "go").touch()
    return [
        subprocess.CompletedProcess(p.args, p.wait(timeout=120), p.stdout.read(), p.stderr.read())
        for p in procs
    ]


@pytest.mark.slow
def test_six_processes_creating_one_database_at_once(tmp_path):
    path = tmp_path / "new.db"
    done = _open_at_once(path)
    assert [p.returncode for p in done] == [0] * 6, [p.stderr[-300:] for p in done]
    assert _applied(path) == MIGRATIONS


@pytest.mark.slow
def test_six_processes_upgrading_one_database_at_once(tmp_path):
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    path = tmp_path / "v1.db"
    v1 = Migrations("workbench")
    v1()(m001_articles_claims_embeddings_groups_reviews)
    old = Database(path)
    v1.apply(old)
    old.execute("INSERT INTO articles (id, content_hash, text, added_at) VALUES (1, 'h', 'Es regnet.', 'x')")
    old.execute(
        'INSERT INTO claims (article_id, position, text, sentence, start, "end", checkworthiness, text_hash)'
        " VALUES (1, 0, 'Es regnet', 'Es regnet.', 0, 10, 0.3, 'x')"
    )
    old.conn.commit()
    old.close()
    done = _open_at_once(path)
    assert [p.returncode for p in done] == [0] * 6, [p.stderr[-300:] for p in done]
    assert [p.stdout.strip() for p in done] == ["1"] * 6
    assert _applied(path) == MIGRATIONS


# --- item 6: a killed backup leaves nothing that looks like a backup ------------------------------------


def _big_database(path: Path, megabytes: int) -> int:
    """A valid workbench database of about ``megabytes`` MB (articles only); returns the article count."""
    db = open_db(path)
    filler = "Der Sicherheitsrat tagte lange. " * 128  # 4 KB
    rows = megabytes * 256
    with db.write():
        db.sqlite_db.conn.executemany(
            "INSERT INTO articles (content_hash, text, added_at) VALUES (?, ?, 'x')",
            [(f"h{i}", f"{i} {filler}") for i in range(rows)],
        )
    db.close()
    return rows


_BACKUP_SCRIPT = "import sys; from workbench.store import open_db; open_db(sys.argv[1]).backup(sys.argv[2])"


@pytest.mark.slow
def test_a_killed_backup_leaves_no_file_under_the_target_name(tmp_path):
    source, target = tmp_path / "big.db", tmp_path / "copy.db"
    rows = _big_database(source, 60)
    ours = {source.name, f"{source.name}-wal", f"{source.name}-shm"}
    proc = subprocess.Popen([sys.executable, "-c", _BACKUP_SCRIPT, str(source), str(target)])
    deadline = time.time() + 120
    while proc.poll() is None and time.time() < deadline:  # the moment the copy has begun to be written
        if any(p.name not in ours and p.stat().st_size > 0 for p in tmp_path.iterdir() if p.is_file()):
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the backup ended before it could be killed"
    # whatever the kill left behind, the target name holds a whole backup or nothing
    if target.exists():
        with sqlite3.connect(target) as conn:
            assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == rows
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ours and p.name != target.name]
    assert all(name.endswith((".partial", ".partial-journal")) for name in leftovers), leftovers
    # and the next backup to the same name succeeds
    result = _cli("backup", target, "--db", source)
    assert result.exit_code == 0 and "integrity ok" in result.output
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == rows


def test_a_copy_without_the_tables_fails_the_check_that_passes_a_whole_copy(samples_db, tmp_path):
    # a backup cut short by a kill is a valid, empty SQLite file: integrity alone passes it
    from workbench.store.sqlite.connection import _check_copy

    empty = sqlite3.connect(tmp_path / "empty.db")
    assert empty.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    source = open_db(samples_db)
    with pytest.raises(ValueError, match="not a whole copy"):
        _check_copy(empty, source.sqlite_db.conn)
    whole = sqlite3.connect(tmp_path / "whole.db")
    source.sqlite_db.conn.backup(whole)
    _check_copy(whole, source.sqlite_db.conn)


def test_the_readme_says_how_to_verify_a_backup():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    restore = readme.split("## Backup and restore", 1)[1].split("\n## ", 1)[0]
    assert "workbench backup" in restore and "workbench check" in restore


def test_check_verifies_a_backup(samples_db, tmp_path):
    copy = tmp_path / "copy.db"
    assert _cli("backup", copy, "--db", samples_db).exit_code == 0
    checked = _cli("check", "--db", copy)
    assert checked.exit_code == 0, checked.output
    assert "integrity ok" in checked.output and "2 articles" in checked.output
    _damage(copy, "claims")
    damaged = _cli("check", "--db", copy)
    assert damaged.exit_code == 1 and "damaged" in damaged.output
