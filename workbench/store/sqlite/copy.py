"""Whole tables out of and into SQLite, for ``workbench copy-db`` (store/base.py, TableCopy).

SQLite's columns are the shared form already (vectors are little-endian float32 blobs, flags 0/1), so rows go
out and in as they are stored. The full-text tables follow the inserted rows through their triggers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from ...records import StoreError
from ..base import COPY_TABLES
from .database import Database


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SQLiteCopy:
    """TableCopy over SQLite; each method does what store/base.py documents for it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def _check(self, table: str) -> None:
        if table not in COPY_TABLES:  # table names are put into SQL: only the known ones
            raise ValueError(f"{table!r} is not a table copy-db moves")

    def columns(self, table: str) -> list[str]:
        self._check(table)
        return [r[1] for r in self._db.execute(f"PRAGMA table_info({_quoted(table)})")]

    def _key(self, table: str) -> list[str]:
        """The primary key's columns, in key order (rowid for a table without one)."""
        info = sorted((r[5], r[1]) for r in self._db.execute(f"PRAGMA table_info({_quoted(table)})") if r[5])
        return [name for _, name in info] or ["rowid"]

    def counts(self) -> dict[str, int]:
        return {t: self._db.execute(f"SELECT COUNT(*) FROM {_quoted(t)}").fetchone()[0] for t in COPY_TABLES}

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        # A deferred transaction in WAL mode reads one snapshot from its first read on, without blocking writers.
        with self._db.atomic():
            self._db.execute("SELECT COUNT(*) FROM articles").fetchone()
            yield

    def rows(self, table: str, batch: int) -> Iterator[list[tuple]]:
        columns = ", ".join(_quoted(c) for c in self.columns(table))
        order = ", ".join(_quoted(c) if c != "rowid" else c for c in self._key(table))
        cursor = self._db.execute(f"SELECT {columns} FROM {_quoted(table)} ORDER BY {order}")
        while True:
            chunk = cursor.fetchmany(batch)
            if not chunk:
                return
            yield [tuple(r) for r in chunk]

    def load_rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        missing = set(columns) - set(self.columns(table))
        if missing:
            raise StoreError(f"table {table} of the target has no column {', '.join(sorted(missing))}")
        # Rows of one table may refer to rows loaded later (an article replacing a newer id): checked at commit.
        self._db.execute("PRAGMA defer_foreign_keys = ON")
        names = ", ".join(_quoted(c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        self._db.conn.executemany(f"INSERT INTO {_quoted(table)} ({names}) VALUES ({marks})", rows)

    def finish_load(self) -> None:
        # INTEGER PRIMARY KEY hands out max(id) + 1 by itself, and the FTS5 triggers indexed every row
        # inserted, so nothing is left to do beyond checking that no row refers to one that is not there.
        broken = self._db.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            table, rowid, parent, _ = broken[0]
            raise StoreError(
                f"{len(broken)} copied rows refer to rows that are not there (first: {table} row {rowid} -> "
                f"{parent})"
            )
