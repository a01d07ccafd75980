"""A thin handle on one psycopg 3 connection (autocommit, so a lone statement is committed at once and a
transaction is opened only by ``atomic``), and the runner of the PostgreSQL schema's migrations.

The PostgreSQL schema has migrations of its own (``migrations.py``), recorded in ``_workbench_migrations``
as SQLite's are in ``_sqlite_migrations``: each step is applied once per database, in the transaction that
records it (PostgreSQL's DDL is transactional, so a step is all or nothing).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ..sql.migrations import MigrationSet

MIGRATIONS_TABLE = "_workbench_migrations"
# The key of the transaction-level advisory lock every write transaction takes first (see atomic): the
# PostgreSQL twin of SQLite's BEGIN IMMEDIATE. Any fixed 64-bit number; this one spells "workbnch".
WRITE_LOCK = 0x776F726B626E6368
LOCK_TIMEOUT = 30  # seconds a write waits for the lock before "busy": SQLite's BUSY_TIMEOUT


class Result:
    """The rows of a statement run on a connection borrowed from a pool, read before it went back: what the
    store reads of a cursor (fetchone, fetchall, iteration, rowcount)."""

    def __init__(self, rows: list, rowcount: int) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount

    def fetchone(self):
        """The next row, or None."""
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list:
        """The rows not read yet."""
        rows, self._next = self._rows[self._next :], len(self._rows)
        return rows

    def __iter__(self):
        return iter(self.fetchall())


class Database:
    """One psycopg connection, or a pool to borrow one from: ``execute``, ``executemany``, ``atomic`` (a write
    transaction, or a savepoint inside one), ``table_names``, ``close``; ``conn`` is the connection in use
    (the store's own, or the one borrowed for the open transaction).

    With a pool (the app), a connection is borrowed for one statement, or for one transaction, and given back
    at once: a page that never closes its store (the app's pages leave that to the garbage collector, as
    SQLite allows) keeps no connection from the others.
    """

    def __init__(self, conn=None, pool=None) -> None:
        self._conn = conn
        self._pool = pool
        self._lease = None  # the pool's connection held for the open transaction

    @property
    def conn(self):
        """The connection in use: the store's own, or the one borrowed for the open transaction (else None)."""
        return self._conn if self._conn is not None else self._lease

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open on this connection."""
        from psycopg import pq

        conn = self.conn
        return conn is not None and conn.info.transaction_status != pq.TransactionStatus.IDLE

    def execute(self, sql: str, parameters: Iterable | None = None, *, binary: bool = False):
        """Run one statement (``%s`` placeholders) and return its cursor (or, on a borrowed connection, its
        rows); ``binary`` asks for results in PostgreSQL's binary format (vectors: no text to parse)."""
        params = None if parameters is None else list(parameters)
        conn = self.conn
        if conn is not None:
            cursor = conn.cursor(binary=binary)
            cursor.execute(sql, params)
            return cursor
        with self._pool.connection() as borrowed:
            cursor = borrowed.cursor(binary=binary)
            cursor.execute(sql, params)
            return Result(cursor.fetchall() if cursor.description else [], cursor.rowcount)

    def executemany(self, sql: str, rows: Iterable) -> int:
        """Run one statement for each row of parameters (pipelined by psycopg); returns the rows affected."""
        rows = [list(r) for r in rows]
        if not rows:
            return 0
        with self.atomic():  # several statements, one outcome
            cursor = self.conn.cursor()
            cursor.executemany(sql, rows)
            return max(cursor.rowcount, 0)

    def insert_returning_ids(self, sql: str, rows: Iterable) -> list[int]:
        """Run an ``INSERT ... RETURNING id`` for each row of parameters (pipelined); the ids, in order."""
        rows = [list(r) for r in rows]
        if not rows:
            return []
        ids = []
        with self.atomic():
            cursor = self.conn.cursor()
            cursor.executemany(sql, rows, returning=True)
            while True:
                ids.append(cursor.fetchone()[0])
                if not cursor.nextset():
                    break
        return ids

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction around the block that first takes the desk's write lock (so concurrent writers
        queue, and a read-check-write such as a review's version check sees no change between its read and
        its write, as on SQLite); inside another one, a savepoint rolled back alone on error."""
        if self.conn is None:
            with self._pool.connection() as borrowed:
                self._lease = borrowed
                try:
                    with self.atomic():
                        yield self
                finally:
                    self._lease = None
            return
        outermost = not self.in_transaction
        with self.conn.transaction():
            if outermost:
                # a writer that waits longer than SQLite's busy timeout gets "busy" as it would there, rather
                # than hanging on behind a stuck session (the setting ends with the transaction)
                self.conn.execute("SELECT set_config('lock_timeout', %s, true)", [f"{LOCK_TIMEOUT}s"])
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
            yield self

    def table_names(self) -> list[str]:
        """The names of the tables in the connection's schema, in the order they were made."""
        rows = self.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY c.oid"
        ).fetchall()
        return [r[0] for r in rows]

    def close(self) -> None:
        """Close the store's own connection (a pool's stay with the pool); a second call does nothing."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()


def qmark(sql: str) -> str:
    """A statement of the shared families (store/sql/, ``?`` placeholders) in psycopg's form: every ``%``
    doubled (a literal one, as in LIKE patterns), then each ``?`` made ``%s``. None of the shared statements
    has a ``?`` inside a string literal (tests/store/test_store_backends.py checks)."""
    return sql.replace("%", "%%").replace("?", "%s")


class Portable:
    """The connection interface the shared families (store/sql/) use, over a PostgreSQL ``Database``: the
    same methods as SQLite's ``Database`` with statements written once, in ``?`` form, translated here."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def conn(self):
        """The connection in use (see ``Database.conn``)."""
        return self.db.conn

    def execute(self, sql: str, parameters: Iterable | None = None, *, binary: bool = False):
        """Run one statement (``?`` placeholders); its cursor or rows."""
        return self.db.execute(qmark(sql), parameters, binary=binary)

    def executemany(self, sql: str, rows: Iterable) -> int:
        """Run one statement for each row of parameters; the rows affected."""
        return self.db.executemany(qmark(sql), rows)

    def insert_id(self, sql: str, parameters: Iterable) -> int:
        """Run one INSERT and return the id of the row it made."""
        return self.db.execute(qmark(sql) + " RETURNING id", parameters).fetchone()[0]

    def insert_ids(self, sql: str, rows: Iterable) -> list[int]:
        """Run one INSERT for each row of parameters (pipelined); the ids of the rows made, in order."""
        return self.db.insert_returning_ids(qmark(sql) + " RETURNING id", rows)

    def atomic(self):
        """A transaction, or a savepoint inside one (see ``Database.atomic``)."""
        return self.db.atomic()


class Migrations(MigrationSet):
    """An ordered set of named schema steps, each applied once per database in one transaction with the
    record that it was applied."""

    def applied(self, db: Database) -> list[str]:
        """The names of this set's steps applied to ``db``, in the order they were applied."""
        if MIGRATIONS_TABLE not in db.table_names():
            return []
        rows = db.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = %s ORDER BY id", [self.name]
        )
        return [r[0] for r in rows]

    def apply(self, db: Database) -> None:
        """Apply the pending steps, each in one transaction with its record (the caller holds the lock)."""
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            " migration_set TEXT NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,"
            " UNIQUE (migration_set, name))"
        )
        for step in self.pending(db):
            with db.atomic():
                step.fn(db)
                db.execute(
                    f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (%s, %s, %s)",
                    [self.name, step.name, str(datetime.datetime.now(datetime.timezone.utc))],
                )
