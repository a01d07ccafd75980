"""The SQLite connection: one way to open it (pragmas, an up-to-date schema), write transactions that take
the lock up front, and online backup."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .database import Database


def connect(path: str | Path | None, *, memory: bool = False) -> Database:
    """Open (creating if needed) a workbench database with WAL, foreign keys and a busy timeout, migrated to
    the current schema. ``memory=True`` gives a private in-memory database, for tests."""
    if memory:
        conn = sqlite3.connect(":memory:")
    else:
        path = Path(path)
        if path.exists() and path.is_dir():
            raise ValueError(f"{path} is a folder, not a database file")
        # A busy timeout lets several readers and one writer share the file without "database is locked".
        conn = sqlite3.connect(str(path), timeout=30)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ValueError(f"{path} is not a workbench database ({exc})") from exc
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    from .migrations import migrations

    db = Database(conn)
    migrations.apply(db)
    return db


class ChangeWatch:
    """How many times a database file has changed since this watch began: a number that is the same as long
    as nothing was committed to the file, by any connection of any process, and different afterwards.

    It keeps one connection of its own that never writes and asks SQLite's ``PRAGMA data_version``, which
    changes when another connection has committed; that is one cheap statement, with no table read, so a page
    can key its caches on it on every rerun. Safe to call from several threads.
    """

    def __init__(self, path: str | Path) -> None:
        # check_same_thread=False: the app's reruns come on different threads; the lock serialises them
        self._conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._lock = threading.Lock()

    def __call__(self) -> int:
        with self._lock:
            return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        """Close the watch's connection."""
        self._conn.close()


def location(db: Database) -> str | None:
    """The database file, or None for an in-memory database."""
    return db.execute("PRAGMA database_list").fetchone()[2] or None


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock when it starts (``BEGIN IMMEDIATE``); nested: a savepoint.

    A plain (deferred) transaction that reads first and then writes cannot wait for another writer: if one
    committed in between, SQLite fails at once with "database is locked". Taking the lock up front makes
    the busy timeout apply, so concurrent writers queue instead, and a read-check-write (such as a
    review's version check) sees no change between its read and its write.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.rollback()
        raise
    conn.execute("COMMIT")


def backup(db: Database, target: str | Path) -> Path:
    """Write a consistent copy of a (possibly live) database to ``target`` with SQLite's online backup.

    The copy is a snapshot of one moment even while others write; it refuses to overwrite the database
    itself or an existing file.
    """
    target = Path(target)
    source = Path(location(db) or ":memory:")
    if target.exists():
        if source.exists() and target.resolve() == source.resolve():
            raise ValueError(f"{target} is the database itself; choose another file")
        raise ValueError(f"{target} exists; choose a new file name")
    if not target.parent.is_dir():
        raise ValueError(f"folder {target.parent} does not exist")
    try:
        dest = sqlite3.connect(str(target))
        try:
            db.conn.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            check = dest.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dest.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise ValueError(f"cannot write {target} ({exc})") from exc
    if check != "ok":
        target.unlink(missing_ok=True)
        raise ValueError(f"the copy failed its integrity check ({check}); nothing was kept")
    return target
