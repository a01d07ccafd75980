"""The SQLite backend of the store: one file (WAL), migrations in ``migrations.py``, one module per table
family. The only part of the workbench that speaks SQL or imports sqlite3 (``database.py``: the connection
handle and the migration runner, standard library only)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ...records import ReadOnlyError
from ..sql.accounts import Accounts
from ..sql.articles import Articles
from ..sql.factchecks import FactChecks
from ..sql.feeds import Feeds
from ..sql.locks import Locks
from ..sql.settings import Settings
from . import connection
from .claims import SQLiteClaims
from .copy import SQLiteCopy
from .database import Database
from .groups import SQLiteGroups
from .reviews import SQLiteReviews
from .search import SQLiteSearch
from .vectors import SQLiteVectors


class SQLiteStore:
    """A workbench database in SQLite (see store/base.py for what each family does).

    ``sqlite_db`` is the underlying ``database.Database``: for tests that look at raw rows, never for the
    domain code.
    """

    def __init__(self, db: Database, read_only: bool = False, notes: list[str] | None = None) -> None:
        self.sqlite_db = db
        self.read_only = read_only
        self.notes = notes or []
        self.articles = Articles(db)
        self.claims = SQLiteClaims(db)
        self.vectors = SQLiteVectors(db)
        self.groups = SQLiteGroups(db)
        self.reviews = SQLiteReviews(db)
        self.factchecks = FactChecks(db)
        self.search = SQLiteSearch(db)
        self.feeds = Feeds(db)
        self.accounts = Accounts(db)
        self.locks = Locks(db)
        self.settings = Settings(db)
        self.copy = SQLiteCopy(db)

    @property
    def location(self) -> str | None:
        return connection.location(self.sqlite_db)

    @contextmanager
    def write(self) -> Iterator[SQLiteStore]:
        if self.read_only:
            raise ReadOnlyError(f"{self.location} is read-only: writing is off")
        with connection.write_transaction(self.sqlite_db):
            yield self

    def backup(self, target: str | Path) -> Path:
        return connection.backup(self.sqlite_db, target)

    def check(self) -> dict:
        return connection.check(self.sqlite_db)

    def explain(self, exc: BaseException) -> str | None:
        return connection.explain(exc, self.location or "the in-memory database")

    def close(self) -> None:
        self.sqlite_db.conn.close()


def open_sqlite(path: str | Path | None = None, *, memory: bool = False) -> SQLiteStore:
    """Open (creating and migrating if needed) the SQLite database at ``path``; ``memory=True``: a private
    in-memory one."""
    opened = connection.connect(path, memory=memory)
    return SQLiteStore(opened.db, opened.read_only, opened.notes)
