"""The connection handle and the migration runner (workbench.store.sqlite.database): lone writes are committed,
transactions and savepoints hold, scripts inside a transaction join it, and the record of applied
migrations is the one sqlite_utils keeps, so databases move between the two."""

import sqlite3

import pytest

from workbench.store.sqlite.database import Database, Migrations


def _db(path):
    return Database(sqlite3.connect(str(path)))


def _rows(path):
    return [r[0] for r in sqlite3.connect(str(path)).execute("SELECT x FROM t ORDER BY x")]


def test_a_lone_write_is_committed_and_a_failed_one_leaves_no_transaction(tmp_path):
    db = _db(tmp_path / "a.db")
    db.execute("CREATE TABLE t (x INTEGER UNIQUE)")
    db.execute("INSERT INTO t VALUES (?)", [1])
    assert _rows(tmp_path / "a.db") == [1]  # another connection sees it
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t VALUES (1)")
    assert not db.conn.in_transaction
    assert db.execute("SELECT x FROM t WHERE x = :x", {"x": 1}).fetchone() == (1,)


def test_atomic_blocks_commit_or_roll_back_whole_and_nest_as_savepoints(tmp_path):
    db = _db(tmp_path / "a.db")
    db.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(RuntimeError):
        with db.atomic():
            db.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("stop")
    assert _rows(tmp_path / "a.db") == []
    with db.atomic():
        db.execute("INSERT INTO t VALUES (2)")
        with pytest.raises(RuntimeError):
            with db.atomic():  # a savepoint: only its own writes go
                db.execute("INSERT INTO t VALUES (3)")
                raise RuntimeError("inner")
        assert _rows(tmp_path / "a.db") == []  # nothing committed before the outer block ends
    assert _rows(tmp_path / "a.db") == [2]


def test_a_script_inside_a_transaction_joins_it(tmp_path):
    db = _db(tmp_path / "a.db")
    db.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(RuntimeError):
        with db.atomic():
            db.executescript(
                """
                INSERT INTO t VALUES (1);
                CREATE TRIGGER t_double AFTER INSERT ON t WHEN new.x < 10 BEGIN
                    INSERT INTO t VALUES (new.x * 10);
                END;
                INSERT INTO t VALUES (2);
                """
            )
            assert db.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 3
            raise RuntimeError("undo the script")
    assert _rows(tmp_path / "a.db") == [] and "t" in db.table_names()


def test_migrations_apply_once_in_order_and_read_sqlite_utils_records(tmp_path):
    from sqlite_utils import Database as SqliteUtilsDatabase
    from sqlite_utils.migrations import Migrations as SqliteUtilsMigrations

    def m1(db):
        db.execute("CREATE TABLE t (x INTEGER)")

    def m2(db):
        db.execute("INSERT INTO t VALUES (2)")

    def m3(db):
        db.execute("INSERT INTO t VALUES (3)")

    old = SqliteUtilsMigrations("set")
    old()(m1)
    old()(m2)
    path = tmp_path / "a.db"
    legacy = SqliteUtilsDatabase(path)
    old.apply(legacy)  # a database as sqlite_utils left it
    legacy.close()

    ours = Migrations("set")
    for step in (m1, m2, m3):
        ours()(step)
    with pytest.raises(ValueError, match="already"):
        ours()(m3)
    db = _db(path)
    assert [m.name for m in ours.pending(db)] == ["m3"]
    ours.apply(db)
    ours.apply(db)  # nothing twice
    assert _rows(path) == [2, 3] and ours.applied(db) == ["m1", "m2", "m3"]
    # and sqlite_utils reads our record
    assert [m.name for m in old.applied(SqliteUtilsDatabase(path))] == ["m1", "m2", "m3"]

    fresh = _db(tmp_path / "b.db")
    ours.apply(fresh, stop_before="m2")
    assert ours.applied(fresh) == ["m1"]


def test_a_failing_migration_leaves_no_trace_and_stays_pending(tmp_path):
    steps = Migrations("set")

    @steps()
    def m1(db):
        db.execute("CREATE TABLE t (x INTEGER)")
        db.execute("INSERT INTO t VALUES (1)")
        raise RuntimeError("broken step")

    db = _db(tmp_path / "a.db")
    with pytest.raises(RuntimeError):
        steps.apply(db)
    assert "t" not in db.table_names() and [m.name for m in steps.pending(db)] == ["m1"]
