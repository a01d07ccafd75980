"""The SQLite connection: one way to open it (pragmas, an up-to-date schema, read-only when the file cannot be
written), write transactions that take the lock up front, online backup, and the one place that turns SQLite's
errors into messages a user can act on."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ...records import StoreError
from .database import Database

# How long a connection waits for another's write lock before "database is locked". Long enough for a
# migration or a big ingest's commit; a writer holds the lock only for one article's insert.
BUSY_TIMEOUT = 30
MIGRATION_SET = "workbench"


@dataclass
class Opened:
    """An open database and how it was opened."""

    db: Database
    read_only: bool = False
    notes: list[str] = field(default_factory=list)


def connect(path: str | Path | None, *, memory: bool = False) -> Opened:
    """Open (creating if needed) a workbench database with WAL, foreign keys and a busy timeout, migrated to
    the current schema. ``memory=True`` gives a private in-memory database, for tests.

    A file this process cannot write (or whose folder it cannot write, where WAL keeps its two side files) is
    opened read-only, with a note saying so; an empty (0-byte) file becomes a new database, with a note.
    Raises StoreError (a ValueError) with a one-line message for a folder, a file that is not a workbench
    database, a database written by a newer version, or a read-only one that needs an upgrade.
    """
    if memory:
        conn = sqlite3.connect(":memory:")
        conn.execute("PRAGMA foreign_keys=ON")
        opened = Opened(_database(conn))
        _migrate(opened.db, "the in-memory database", read_only=False)
        return opened
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    empty = path.is_file() and path.stat().st_size == 0
    writable = _writable(path)
    if not writable and empty:
        raise StoreError(f"{path} is an empty file (0 bytes) and read-only: it holds no database")
    if not writable and not path.exists():
        raise StoreError(f"cannot create {path}: its folder {path.parent} is not writable")
    conn = _open_writable(path) if writable else None
    read_only = conn is None
    notes = []
    if read_only:
        conn = _open_read_only(path)
        notes.append(f"{path} is read-only (no write permission): reading works, writing is off")
    elif empty:
        notes.append(f"{path} was an empty file (0 bytes); it is now a new, empty workbench database")
    conn.execute("PRAGMA foreign_keys=ON")
    db = _database(conn)
    try:
        _migrate(db, str(path), read_only=read_only)
    except BaseException:
        conn.close()
        raise
    return Opened(db, read_only, notes)


def _database(conn: sqlite3.Connection) -> Database:
    # The store's own thin handle (database.py): sqlite_utils would import pandas at start-up
    return Database(conn)


def _writable(path: Path) -> bool:
    """Whether this process may write the database file (or create it) and the side files WAL keeps in its
    folder."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. Changing the journal mode of a new file needs its exclusive lock, and SQLite answers
    "database is locked" at once, without waiting the busy timeout, while another process opening the same
    new file holds a lock: so it is tried again for up to BUSY_TIMEOUT seconds."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _open_writable(path: Path) -> sqlite3.Connection | None:
    """A read-write connection in WAL mode; None when SQLite finds the file read-only after all."""
    # A busy timeout lets several readers and one writer share the file without "database is locked".
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT)
    try:
        _wal(conn)
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        if "readonly" in str(exc) or "read-only" in str(exc):
            return None
        raise StoreError(explain(exc, str(path))) from exc
    return conn


def _open_read_only(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # A WAL database in a folder this process cannot write: SQLite cannot create the shared-memory file
        # that WAL readers need. "immutable" reads the file as it is, which is right where the file cannot
        # change under us (a read-only file system, a write-protected copy).
        pass
    except sqlite3.DatabaseError as exc:
        raise StoreError(explain(exc, str(path))) from exc
    try:
        conn = sqlite3.connect(f"{uri}?immutable=1", uri=True)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot read {path} ({exc})") from exc
    return conn


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("claim-workbench")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "unknown"


def _check_schema(db: Database, label: str) -> list:
    """The migrations still to apply; refuses a database from a newer version and a foreign SQLite file."""
    from .migrations import migrations

    try:
        applied = migrations.applied(db)
        tables = [t for t in db.table_names() if not t.startswith(("sqlite_", "_sqlite_migrations"))]
    except sqlite3.DatabaseError as exc:
        raise StoreError(explain(exc, label)) from exc
    known = {m.name for m in migrations._migrations}
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise StoreError(
            f"{label} was written by a newer version of Claim Workbench (its schema has {unknown[-1]}, which "
            f"version {_version()} does not know); upgrade the workbench to open it"
        )
    if tables and not applied:
        raise StoreError(
            f"{label} is an SQLite database but not a workbench database (tables: {', '.join(tables[:5])});"
            " choose another file"
        )
    return migrations.pending(db)


def _migrate(db: Database, label: str, *, read_only: bool) -> None:
    """Bring the schema up to date, safely while other processes open the same file.

    All pending migrations run in one transaction that holds the write lock from its start, and the
    pending list is read again under that lock: of several processes opening a new or old file at once,
    the first migrates and the others wait (busy timeout), then find nothing left to do, instead of failing
    with "table already exists", "duplicate column" or "database is locked".
    """
    from .migrations import migrations

    if not _check_schema(db, label):
        return
    if read_only:
        raise StoreError(
            f"{label} needs an upgrade to this version's schema, which a read-only file cannot take; open it"
            " once with write permission"
        )
    # what the migrations import (NumPy, the check-worthiness models) is imported before the write lock is
    # taken, not while holding it: the other processes opening the same file wait for that lock
    import numpy  # noqa: F401

    from ...text import checkworthy, checkworthy_v1  # noqa: F401

    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _check_schema(db, label):
            migrations.apply(db)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise


class ChangeWatch:
    """How many times a database file has changed since this watch began: a number that is the same as long
    as nothing was committed to the file, by any connection of any process, and different afterwards.

    It keeps one connection of its own that never writes and asks SQLite's ``PRAGMA data_version``, which
    changes when another connection has committed; that is one cheap statement, with no table read, so a page
    can key its caches on it on every rerun. Safe to call from several threads.

    ``marks()`` tells finer: one mark per kind of data (``migrations.CHANGE_MARKS``), which changes only when
    that kind's tables do, so what is kept of the claims survives a review decision.
    """

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._marks: tuple[int, dict[str, int]] | None = None
        uri = Path(path).resolve().as_uri()
        # a file this process may not write is watched read-only, like connect() opens it; "immutable" (a WAL
        # file in a folder it cannot write) means the file cannot change under us: the number never changes
        for target, as_uri in ((str(path), False), (f"{uri}?mode=ro", True), (f"{uri}?immutable=1", True)):
            # check_same_thread=False: the app's reruns come on different threads; the lock serialises them
            conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT, check_same_thread=False, uri=as_uri)
            try:
                conn.execute("PRAGMA data_version").fetchone()
            except sqlite3.OperationalError:
                conn.close()
                continue
            self._conn = conn
            return
        raise StoreError(f"{path}: cannot be read")

    def __call__(self) -> int:
        with self._lock:
            return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def marks(self) -> dict[str, int]:
        """A number per kind of data ("articles", "claims", "groups", "reviews") that stays the same while
        nothing of that kind is committed, by anyone, and changes when something is: the same number means
        the same rows. Read from the file only when ``PRAGMA data_version`` says something was committed."""
        from .migrations import CHANGE_MARKS

        with self._lock:
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            if self._marks is None or self._marks[0] != version:
                try:
                    found = dict(self._conn.execute("SELECT name, mark FROM change_marks").fetchall())
                except sqlite3.OperationalError:
                    # a file older than m016 that could not be upgraded (read-only): every kind then
                    # changes with the whole file, as before
                    found = {}
                self._marks = (version, {name: found.get(name, version) for name in CHANGE_MARKS})
            return dict(self._marks[1])

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
        if conn.in_transaction:  # a full disk may have rolled it back already
            conn.rollback()
        raise
    conn.execute("COMMIT")


def backup(db: Database, target: str | Path) -> Path:
    """Write a consistent copy of a (possibly live) database to ``target`` with SQLite's online backup.

    The copy is a snapshot of one moment even while others write; it refuses to overwrite the database
    itself or an existing file. The copy is written under a temporary name beside ``target`` and gets the
    target's name only after it passed its checks (integrity, and every table of the database), so a
    backup killed half-way never leaves a file that looks like a backup: at most a hidden ``.NAME.*.partial``.
    """
    target = Path(target)
    source = Path(location(db) or ":memory:")
    if target.exists():
        if source.exists() and target.resolve() == source.resolve():
            raise StoreError(f"{target} is the database itself; choose another file")
        raise StoreError(f"{target} exists; choose a new file name")
    if not target.parent.is_dir():
        raise StoreError(f"folder {target.parent} does not exist")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as exc:
        raise StoreError(f"cannot write in {target.parent} ({exc.strerror or exc})") from exc
    os.close(fd)
    partial = Path(name)
    try:
        try:
            dest = sqlite3.connect(str(partial))
            try:
                db.conn.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
                _check_copy(dest, db.conn)
            finally:
                dest.close()
            _fsync(partial)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot write {target} ({_reason(exc)}); nothing was kept") from exc
        _publish(partial, target)
    finally:
        partial.unlink(missing_ok=True)
        Path(f"{partial}-journal").unlink(missing_ok=True)
    return target


def check(db: Database) -> dict:
    """Integrity, schema and row counts of an open database (what ``workbench check`` prints)."""
    problems = [row[0] for row in db.execute("PRAGMA integrity_check(20)").fetchall()]
    applied = db.execute("SELECT name FROM _sqlite_migrations ORDER BY id").fetchall()
    counts = {
        table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("articles", "claims", "reviews", "factchecks")
    }
    return {
        "integrity": "ok" if problems == ["ok"] else "; ".join(problems),
        "schema": applied[-1][0] if applied else "",
        "counts": counts,
    }


def _check_copy(copy: sqlite3.Connection, source: sqlite3.Connection) -> None:
    """Refuse a copy that fails SQLite's integrity check or lacks any table or migration of the source: a
    copy cut short is a valid, empty SQLite file that passes integrity alone."""
    check = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        raise StoreError(f"the copy failed its integrity check ({check}); nothing was kept")
    tables = "SELECT type, name FROM sqlite_master ORDER BY type, name"
    migrations = "SELECT name FROM _sqlite_migrations ORDER BY id"
    try:
        whole = copy.execute(tables).fetchall() == source.execute(tables).fetchall() and (
            copy.execute(migrations).fetchall() == source.execute(migrations).fetchall()
        )
    except sqlite3.OperationalError:  # no _sqlite_migrations in the copy
        whole = False
    if not whole:
        raise StoreError(
            "the copy is not a whole copy of the database (tables are missing); nothing was kept"
        )


def _fsync(path: Path) -> None:
    """Flush a file to the disk, so that the name we give it never points at data still in memory."""
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _publish(partial: Path, target: Path) -> None:
    """Give the checked copy its name: a hard link never replaces a file that appeared meanwhile."""
    try:
        os.link(partial, target)
    except FileExistsError as exc:
        raise StoreError(f"{target} exists; choose a new file name") from exc
    except OSError:  # a file system without hard links
        if target.exists():
            raise StoreError(f"{target} exists; choose a new file name") from None
        os.replace(partial, target)
    try:  # the new name itself, durably
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError:  # pragma: no cover - folders cannot be opened for fsync on some systems
        pass


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


# SQLite's messages -> what the user should do. Matched on the message, as the sqlite3 module gives every
# error one of a few exception classes.
_DAMAGED = ("malformed", "database corrupt")
_FULL = ("database or disk is full", "disk is full")


def explain(exc: BaseException, label: str) -> str | None:
    """A one-line message for an SQLite error met while working on the database ``label``; None for an
    exception that is not SQLite's."""
    if not isinstance(exc, sqlite3.Error):
        return None
    message = str(exc)
    lower = message.lower()
    if any(m in lower for m in _DAMAGED):
        return (
            f"{label} is damaged ({message}); nothing was changed. Restore it from a backup (README: Backup "
            "and restore); `workbench check` tells whether a file is whole"
        )
    if any(m in lower for m in _FULL):
        return (
            f"the disk holding {label} is full ({message}): the change in progress was undone and the database"
            " is intact; free some space and run the command again"
        )
    if "file is not a database" in lower:
        return f"{label} is not a workbench database, or its first page is damaged ({message})"
    if "disk i/o error" in lower:
        return (
            f"cannot read or write {label} (disk I/O error); check the disk, then `workbench check` the file"
        )
    if "readonly" in lower or "read-only" in lower:
        return f"{label} is read-only: writing is off ({message})"
    if "locked" in lower or "busy" in lower:
        return (
            f"{label} is busy: another process held its write lock for over {BUSY_TIMEOUT} s ({message});"
            " try again"
        )
    return f"database error on {label}: {message}"
