"""What the shared families need of a connection; SQLite's ``Database`` and PostgreSQL's ``Portable`` both
provide it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol


class Connection(Protocol):
    """Runs ``?``-placeholder SQL on one database."""

    def execute(self, sql: str, parameters: Iterable | None = None) -> Any:
        """Run one statement; a cursor (or rows) with fetchone, fetchall, iteration and rowcount."""

    def executemany(self, sql: str, rows: Iterable) -> int:
        """Run one statement per row of parameters; the rows affected."""

    def insert_id(self, sql: str, parameters: Iterable) -> int:
        """Run one INSERT; the id of the row made."""

    def insert_ids(self, sql: str, rows: Iterable) -> list[int]:
        """Run one INSERT per row of parameters; the ids made, in order."""

    def atomic(self) -> AbstractContextManager:
        """A transaction, or a savepoint inside one."""


CHUNK = 500  # ids per "IN (...)": well under SQLite's variable limit (and PostgreSQL's 65535 parameters)


def chunks(ids: Sequence) -> Iterator[tuple[list, str]]:
    """``ids`` in slices small enough for one "IN (...)" each, with their placeholders."""
    for i in range(0, len(ids), CHUNK):
        chunk = list(ids[i : i + CHUNK])
        yield chunk, ", ".join("?" * len(chunk))


def select_in(db: Connection, sql: str, ids: Sequence) -> list:
    """The rows of ``sql`` over every id, in chunks; ``{marks}`` in ``sql`` stands for a chunk's placeholders
    (``sql`` is filled in with str.format: it has no other braces)."""
    rows = []
    for chunk, marks in chunks(ids):
        rows += db.execute(sql.format(marks=marks), chunk).fetchall()
    return rows
