"""Connections to PostgreSQL: one way to open a database (a plain connection for a command, a pooled one for
the app), an up-to-date schema on first open, read-only when the account may not write, the change counter
that ``store.watch_changes`` reads, and the one place that turns PostgreSQL's errors into messages a user can
act on."""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from ...records import StoreError
from ..sql.migrations import workbench_version
from .database import LOCK_TIMEOUT, Database

URL_SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT = 10  # seconds to reach the server before "cannot connect"
POOL_SIZE = 10  # connections one app process keeps at most per database


def is_url(target) -> bool:
    """Whether ``target`` names a PostgreSQL database (a postgresql:// or postgres:// URL)."""
    return isinstance(target, str) and target.strip().lower().startswith(URL_SCHEMES)


def label(url: str) -> str:
    """The URL as it may be shown: its password replaced by ***."""
    try:
        parts = urlsplit(url.strip())
        if parts.password is None:
            return url.strip()
        user = parts.username or ""
        host = parts.netloc.rsplit("@", 1)[1]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
    except ValueError:
        return "the PostgreSQL database"


@dataclass
class Opened:
    """An open database and how it was opened."""

    db: Database
    read_only: bool = False
    notes: list[str] = field(default_factory=list)


def _configure(conn) -> None:
    """What every connection of the store needs: autocommit (transactions are opened by the store), and
    pgvector's types (vectors in and out as NumPy arrays)."""
    from pgvector.psycopg import register_vector

    conn.autocommit = True
    register_vector(conn)
    _numpy_numbers(conn)
    from psycopg.types import TypeInfo

    info = TypeInfo.fetch(conn, "vector")
    conn.adapters.register_loader(info.oid, _vector_loader())
    from .vectors import hnsw_settings

    hnsw_settings(conn)


@functools.cache
def _vector_loader():
    """A loader of pgvector's binary format straight into a float32 NumPy array (pgvector's own gives its
    Vector class, one more copy per row)."""
    import numpy as np
    from psycopg.adapt import Loader
    from psycopg.pq import Format

    class VectorLoader(Loader):
        format = Format.BINARY

        def load(self, data):
            # two big-endian uint16 (dimensions, unused), then big-endian float32s
            return np.frombuffer(bytes(data), dtype=">f4", offset=4).astype(np.float32)

    return VectorLoader


def _numpy_numbers(conn) -> None:
    """NumPy's scalar numbers as parameters, written as the Python numbers they are (psycopg knows none of
    them by itself; the domain hands over cosines and ids that come out of NumPy arrays)."""
    import numpy as np
    from psycopg.types.bool import BoolDumper
    from psycopg.types.numeric import FloatDumper, Int8Dumper

    for kind in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32):
        conn.adapters.register_dumper(kind, Int8Dumper)
    for kind in (np.float16, np.float32, np.float64):
        conn.adapters.register_dumper(kind, FloatDumper)
    conn.adapters.register_dumper(np.bool_, BoolDumper)


def _connect(url: str):
    import psycopg

    try:
        return psycopg.connect(url.strip(), connect_timeout=CONNECT_TIMEOUT, autocommit=True)
    except psycopg.Error as exc:
        raise StoreError(explain(exc, label(url))) from exc


_pools: dict[str, object] = {}
_pools_lock = threading.Lock()


def _pool(url: str):
    """The process's pool of connections to ``url`` (made on first use, for the app's reruns)."""
    from psycopg_pool import ConnectionPool

    with _pools_lock:
        pool = _pools.get(url)
        if pool is None:
            pool = ConnectionPool(
                url.strip(),
                min_size=1,
                max_size=POOL_SIZE,
                kwargs={"connect_timeout": CONNECT_TIMEOUT, "autocommit": True},
                configure=_configure,
                open=True,
                name="workbench",
            )
            _pools[url] = pool
        return pool


def close_pools() -> None:
    """Close every pool of this process (their connections and threads)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close(timeout=0.5)  # its workers are idle or connecting: nothing to wait for


def connect(url: str, *, pooled: bool = False) -> Opened:
    """Open (creating the schema if needed) the PostgreSQL database at ``url``; ``pooled`` borrows
    connections from the process's pool (the app) instead of opening one (a command).

    An account that may not write the tables gets the database read-only, with a note. Raises StoreError
    with a one-line message for a server that cannot be reached, a database that is not a workbench
    database, one written by a newer version, or a read-only one that needs an upgrade.
    """
    import psycopg

    name = label(url)
    # the first open in this process migrates on a connection of its own (a pool's connections need the
    # schema's types); later pooled opens check the schema on the pool
    db = Database(pool=_pools[url]) if pooled and url in _pools else Database(_connect(url))
    try:
        _migrate(db, name)
        read_only = _read_only(db)
        if db.conn is not None:
            _configure(db.conn)
    except psycopg.Error as exc:
        db.close()
        raise StoreError(explain(exc, name)) from exc
    except BaseException:
        db.close()
        raise
    notes = [f"{name} is read-only for this account: reading works, writing is off"] if read_only else []
    if pooled and db.conn is not None:
        db.close()
        db = Database(pool=_pool(url))
    return Opened(db, read_only, notes)


def _read_only(db: Database) -> bool:
    """Whether this session cannot write: a read-only server (a standby) or an account without INSERT on
    the reviews (the table every desk writes)."""
    row = db.execute(
        "SELECT current_setting('transaction_read_only') = 'on' OR pg_is_in_recovery() OR CASE"
        " WHEN to_regclass('reviews') IS NULL THEN NOT has_schema_privilege(current_schema(), 'CREATE')"
        " ELSE NOT has_table_privilege('reviews', 'INSERT') END"
    ).fetchone()
    return bool(row[0])


def _check_schema(db: Database, name: str) -> list:
    """The migrations still to apply; refuses a database from a newer version and a foreign one."""
    from .migrations import migrations

    applied = migrations.applied(db)
    tables = [t for t in db.table_names() if t != "_workbench_migrations"]
    unknown = [step for step in applied if step not in migrations.names]
    if unknown:
        raise StoreError(
            f"{name} was written by a newer version of Claim Workbench (its schema has {unknown[-1]}, which "
            f"version {workbench_version()} does not know); upgrade the workbench to open it"
        )
    if tables and not applied:
        raise StoreError(
            f"{name} is a PostgreSQL database but not a workbench database (tables: {', '.join(tables[:5])});"
            " choose another database"
        )
    return migrations.pending(db)


def _migrate(db: Database, name: str) -> None:
    """Bring the schema up to date, safely while other processes open the same database: the steps run in
    one transaction that first takes the desk's write lock, and the pending list is read again under it, so
    of several processes opening a new database at once the first migrates and the others find nothing
    left to do."""
    from .migrations import migrations

    if not _check_schema(db, name):
        return
    if _read_only(db):
        raise StoreError(
            f"{name} needs an upgrade to this version's schema, which this account may not make; open it once"
            " as its owner"
        )
    with db.atomic():
        if _check_schema(db, name):
            migrations.apply(db)


def change_count(db: Database) -> int:
    """The change counter: the number of transactions that changed any table, as committed so far."""
    return db.execute("SELECT version FROM workbench_changes WHERE id = 1").fetchone()[0]


class ChangeWatch:
    """How many times a PostgreSQL database has changed: the same number as long as nothing was committed to
    it, by any connection of any process, and a larger one afterwards.

    It reads the one-row counter that a deferred trigger on every table counts up once per committing
    transaction (migrations.py); the row changes only at commit, so the number never runs ahead of what
    a reader can see. One index lookup on its own connection per call; safe to call from several threads.
    (Alternatives: the statistics views lag by up to a second and count read-only transactions too;
    LISTEN/NOTIFY needs a connection that waits for messages, and a missed one is lost.)
    """

    def __init__(self, url: str) -> None:
        self._lock = threading.Lock()
        self._url = url
        self._db = Database(_connect(url))

    def __call__(self) -> int:
        import psycopg

        with self._lock:
            try:
                return change_count(self._db)
            except psycopg.OperationalError:  # the server restarted: one new connection, then fail loudly
                self._db.close()
                self._db = Database(_connect(self._url))
                return change_count(self._db)

    def marks(self) -> dict[str, int]:
        """A number per kind of data ("articles", "claims", "groups", "reviews"; SQLite's ``marks()``) that
        stays the same while nothing of that kind is committed, by anyone, and changes when something is
        (``change_marks``, migration pg002). A database without that table (older, opened by an account
        that could not upgrade it) gets the change counter for each kind: every kind then reads as changed
        after any commit, as before."""
        import psycopg

        from ..sqlite.migrations import CHANGE_MARKS

        with self._lock:
            try:
                found = dict(self._db.execute("SELECT name, mark FROM change_marks").fetchall())
            except psycopg.errors.UndefinedTable:
                found = {}
            except psycopg.OperationalError:  # the server restarted: one new connection, as __call__ does
                self._db.close()
                self._db = Database(_connect(self._url))
                found = dict(self._db.execute("SELECT name, mark FROM change_marks").fetchall())
        if len(found) < len(CHANGE_MARKS):
            count = self()
            return {name: found.get(name, count) for name in CHANGE_MARKS}
        return {name: found[name] for name in CHANGE_MARKS}

    def close(self) -> None:
        """Close the watch's connection."""
        self._db.close()


def check(db: Database) -> dict:
    """Schema and row counts of an open database (what ``workbench check`` prints); "integrity" is "ok"
    when every table of the schema is there and readable (PostgreSQL keeps its own checksums and WAL)."""
    from .migrations import TABLES, migrations

    applied = migrations.applied(db)
    missing = [t for t in TABLES if t not in set(db.table_names())]
    counts = {
        table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("articles", "claims", "reviews", "factchecks")
    }
    return {
        "integrity": "ok" if not missing else f"tables missing: {', '.join(missing)}",
        "schema": applied[-1] if applied else "",
        "counts": counts,
    }


def backup_message(name: str) -> str:
    """What ``workbench backup`` says for a PostgreSQL database: the server's own tool makes the copy."""
    return (
        f"{name} is a PostgreSQL database: back it up with the server's own tool, e.g. "
        "`pg_dump --format=custom --file=claims.dump DBNAME` (restore with pg_restore)"
    )


def explain(exc: BaseException, name: str) -> str | None:
    """A one-line message for a PostgreSQL error met while working on the database ``name``; None for an
    exception that is not psycopg's."""
    try:
        import psycopg
        from psycopg import errors
    except ImportError:  # pragma: no cover - the postgres extra is not installed
        return None
    if not isinstance(exc, psycopg.Error):
        return None
    message = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, errors.DiskFull):
        return (
            f"the disk of the server holding {name} is full ({message}): the change in progress was undone;"
            " free some space and run the command again"
        )
    if isinstance(exc, (errors.ReadOnlySqlTransaction, errors.InsufficientPrivilege)):
        return f"{name} is read-only for this account: writing is off ({message})"
    if isinstance(exc, (errors.LockNotAvailable, errors.QueryCanceled, errors.DeadlockDetected)):
        return (
            f"{name} is busy: another session held its write lock for over {LOCK_TIMEOUT} s ({message}); try"
            " again"
        )
    if isinstance(exc, errors.SerializationFailure):
        return f"{name}: a concurrent change got in the way ({message}); nothing was changed, try again"
    if isinstance(exc, (errors.DataCorrupted, errors.IndexCorrupted)):
        return f"{name} is damaged ({message}); restore it from a pg_dump backup"
    if isinstance(exc, psycopg.OperationalError):
        return f"cannot reach {name} ({message}); check that the server runs and the URL is right"
    return f"database error on {name}: {message}"
