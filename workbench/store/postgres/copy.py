"""Whole tables out of and into PostgreSQL, for ``workbench copy-db`` (store/base.py, TableCopy).

Rows leave and enter in the shared form, SQLite's column names and values: flags and times are stored as on
SQLite already, so only vectors change form (pgvector ``vector`` here, little-endian float32 bytes there), and
the derived full-text columns (``search``) are neither read nor written: triggers and generated columns make
them from the loaded rows. Loading uses COPY, one stream per batch, inside the caller's write transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from ...records import StoreError
from ..base import COPY_TABLES
from .database import Database

# Columns a backend derives from the others and makes itself: never copied.
_DERIVED_TYPES = ("tsvector",)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PGCopy:
    """TableCopy over PostgreSQL; each method does what store/base.py documents for it."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._columns: dict[str, list[tuple[str, str]]] = {}

    def _check(self, table: str) -> None:
        if table not in COPY_TABLES:  # table names are put into SQL: only the known ones
            raise ValueError(f"{table!r} is not a table copy-db moves")

    def _typed_columns(self, table: str) -> list[tuple[str, str]]:
        """(name, type) of the columns that are copied, in schema order."""
        self._check(table)
        if table not in self._columns:
            rows = self._db.execute(
                "SELECT column_name, udt_name, is_generated FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
                [table],
            ).fetchall()
            self._columns[table] = [
                (name, kind)
                for name, kind, generated in rows
                if generated != "ALWAYS" and kind not in _DERIVED_TYPES
            ]
        return self._columns[table]

    def columns(self, table: str) -> list[str]:
        return [name for name, _ in self._typed_columns(table)]

    def _key(self, table: str) -> list[str]:
        rows = self._db.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
            " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary"
            " ORDER BY array_position(i.indkey, a.attnum)",
            [table],
        ).fetchall()
        return [r[0] for r in rows] or self.columns(table)

    def counts(self) -> dict[str, int]:
        return {t: self._db.execute(f"SELECT COUNT(*) FROM {_quoted(t)}").fetchone()[0] for t in COPY_TABLES}

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        # REPEATABLE READ: every read of the copy sees the moment of its first read, while others write on.
        import psycopg

        conn = self._db.conn
        before = conn.isolation_level
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        try:
            with conn.transaction():
                conn.execute("SET TRANSACTION READ ONLY")
                yield
        finally:
            conn.isolation_level = before

    def rows(self, table: str, batch: int) -> Iterator[list[tuple]]:
        import numpy as np

        typed = self._typed_columns(table)
        selected = ", ".join(
            f"{_quoted(name)}::real[]" if kind == "vector" else _quoted(name) for name, kind in typed
        )
        vectors = [i for i, (_, kind) in enumerate(typed) if kind == "vector"]
        order = ", ".join(_quoted(c) for c in self._key(table))
        # a named (server-side) cursor streams the table instead of holding it all in memory
        with self._db.conn.cursor(name=f"copy_{table}") as cursor:
            cursor.itersize = batch
            cursor.execute(f"SELECT {selected} FROM {_quoted(table)} ORDER BY {order}")
            while True:
                chunk = cursor.fetchmany(batch)
                if not chunk:
                    return
                if vectors:
                    chunk = [list(r) for r in chunk]
                    for r in chunk:
                        for i in vectors:
                            r[i] = np.asarray(r[i], dtype="<f4").tobytes()
                yield [tuple(r) for r in chunk]

    def load_rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        import numpy as np

        kinds = dict(self._typed_columns(table))
        missing = [c for c in columns if c not in kinds]
        if missing:
            raise StoreError(f"table {table} of the target has no column {', '.join(missing)}")
        vectors = [i for i, c in enumerate(columns) if kinds[c] == "vector"]
        names = ", ".join(_quoted(c) for c in columns)
        with self._db.conn.cursor() as cursor:
            with cursor.copy(f"COPY {_quoted(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    if vectors:
                        row = list(row)
                        for i in vectors:
                            # pgvector's text form; a float32's shortest repr reads back as the same float32
                            values = np.frombuffer(row[i], dtype="<f4").tolist()
                            row[i] = "[" + ",".join(repr(v) for v in values) + "]"
                    copy.write_row(row)

    def finish_load(self) -> None:
        # identity columns hand out ids past the largest copied one
        for table in COPY_TABLES:
            if "id" not in self.columns(table):
                continue
            sequence = self._db.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table]).fetchone()
            if sequence and sequence[0]:
                self._db.execute(
                    f"SELECT setval(%s, COALESCE((SELECT MAX(id) FROM {_quoted(table)}), 0) + 1, false)",
                    [sequence[0]],
                )
        # the HNSW index of each vector size, as the vectors family makes it when it first stores one, built
        # once over all copied rows (far faster than row by row). CREATE INDEX refuses to run while the
        # deferred change-counting triggers of the copied rows wait for the commit: they fire now instead.
        self._db.execute("SET CONSTRAINTS ALL IMMEDIATE")
        from .vectors import PGVectors

        family = PGVectors(self._db)
        for (dims,) in self._db.execute("SELECT DISTINCT dims FROM embeddings").fetchall():
            family._ensure_index(int(dims))
        # statistics of the copied rows now, not when autovacuum gets to them: without them the planner sorts
        # every vector for a nearest-claims query instead of walking the HNSW index (10k claims: 34 ms a query
        # against 4 ms after ANALYZE, benchmarks/pg_add_article.py's desk)
        self._db.execute("ANALYZE")
