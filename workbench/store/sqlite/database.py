"""A thin handle on one sqlite3 connection, and the runner of the schema's migrations.

The store needs little of a database library: run SQL, group statements in a transaction (a savepoint when
nested), list the tables, and apply migrations once each. ``sqlite_utils`` did this before, but importing it
imports pandas and numpy when they are installed (0.5-1.8 s on a busy 2-core machine), which every command
paid, even ``workbench history``. This module needs the standard library only. It keeps sqlite_utils' record
of applied migrations (the ``_sqlite_migrations`` table, one row per migration set and name), so databases
made by earlier versions, and by sqlite_utils' ``Migrations``, carry on where they are.
"""

from __future__ import annotations

import datetime
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ..sql.migrations import MigrationSet

MIGRATIONS_TABLE = "_sqlite_migrations"


# Statements that open or close a transaction themselves: execute() leaves them alone.
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def _first_word(sql: str) -> str:
    words = sql.lstrip().split(None, 1)
    return words[0].upper().rstrip(";") if words else ""


def _statements(script: str) -> Iterator[str]:
    """The complete statements of a script, in order (a trigger's body with its semicolons stays whole)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\n;"):
                yield pending
            pending = ""
    if pending.strip(" \t\n;"):
        yield pending


class Database:
    """One sqlite3 connection: ``execute``, ``executescript``, ``atomic`` (a transaction, or a savepoint
    inside one), ``table_names``, ``close``; ``conn`` is the connection itself.

    A write statement run by ``execute`` outside a transaction is committed at once; inside one (``atomic``,
    or the store's ``BEGIN IMMEDIATE``) it becomes part of it.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Iterable | dict | None = None) -> sqlite3.Cursor:
        """Run one statement and return its cursor."""
        was_in_transaction = self.conn.in_transaction
        try:
            if parameters is None:
                cursor = self.conn.execute(sql)
            else:
                cursor = self.conn.execute(
                    sql, parameters if isinstance(parameters, dict) else tuple(parameters)
                )
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                # the failed statement opened an implicit transaction that nothing would ever close
                self.conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and _first_word(sql) not in _TRANSACTION_CONTROL
        ):
            # sqlite3 opened an implicit transaction for this write: commit it, so a lone write is durable
            self.conn.execute("COMMIT")
        return cursor

    def executemany(self, sql: str, rows: Iterable) -> int:
        """Run one statement for each row of parameters (inside the caller's transaction); the rows affected."""
        return max(self.conn.executemany(sql, [tuple(r) for r in rows]).rowcount, 0)

    def insert_id(self, sql: str, parameters: Iterable) -> int:
        """Run one INSERT and return the id of the row it made."""
        return self.execute(sql, parameters).lastrowid

    def insert_ids(self, sql: str, rows: Iterable) -> list[int]:
        """Run one INSERT for each row of parameters; the ids of the rows made, in order."""
        return [self.insert_id(sql, row) for row in rows]

    def executescript(self, sql: str) -> sqlite3.Cursor:
        """Run several statements; inside a transaction they join it (sqlite3's own executescript would
        commit the transaction first)."""
        if not self.conn.in_transaction:
            return self.conn.executescript(sql)
        cursor = self.conn.cursor()
        for statement in _statements(sql):
            cursor.execute(statement)
        return cursor

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction around the block; inside another one, a savepoint (rolled back alone on error)."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                self.conn.rollback()  # a no-op when the error already ended the transaction
                raise
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.rollback()
                raise
            return
        savepoint = f"workbench_{secrets.token_hex(8)}"
        self.conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield self
        except BaseException:
            # a RAISE(ROLLBACK) trigger can end the whole transaction, savepoints included
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            raise
        self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")

    def table_names(self) -> list[str]:
        """The names of the tables, in the order of the schema."""
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


class Migrations(MigrationSet):
    """An ordered set of named schema steps, each applied once per database, in its own transaction with the
    record that it was applied (the record sqlite_utils' ``Migrations`` keeps, so both read each other's)."""

    def applied(self, db: Database) -> list[str]:
        """The names of this set's steps applied to ``db``, in the order they were applied."""
        if MIGRATIONS_TABLE not in db.table_names():
            return []
        rows = db.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [self.name]
        )
        return [r[0] for r in rows]

    def apply(self, db: Database, *, stop_before: str | None = None) -> None:
        """Apply the pending steps, each in one transaction with its record; with ``stop_before``, only those
        before that step (to make a database as an older version left it)."""
        pending = self.pending(db)
        names = [m.name for m in pending]
        if stop_before in names:
            pending = pending[: names.index(stop_before)]
        if not pending:
            return  # a read-only command on an up-to-date database writes nothing
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (id INTEGER PRIMARY KEY, migration_set TEXT,"
            " name TEXT, applied_at TEXT)"
        )
        db.execute(
            f"CREATE UNIQUE INDEX IF NOT EXISTS idx_{MIGRATIONS_TABLE}_migration_set_name"
            f" ON {MIGRATIONS_TABLE} (migration_set, name)"
        )
        for step in pending:
            with db.atomic():
                step.fn(db)
                db.execute(
                    f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
                    [self.name, step.name, str(datetime.datetime.now(datetime.timezone.utc))],
                )
