"""The PostgreSQL backend of the store (psycopg 3, pgvector): a database named by a ``postgresql://`` URL,
migrations of its own in ``migrations.py``, one module per table family, the same methods and meanings as
``store/sqlite/``. The only part of the workbench that imports psycopg.

Writes: ``Store.write()`` is one transaction that first takes the desk's write lock (a transaction-level
advisory lock), so writers queue and a read-check-write (a review's version check) sees no change between
its read and its write, exactly as SQLite's ``BEGIN IMMEDIATE`` does; readers never wait.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ...records import ReadOnlyError, StoreError
from ..sql.accounts import Accounts
from ..sql.articles import Articles
from ..sql.factchecks import FactChecks
from ..sql.feeds import Feeds
from ..sql.locks import Locks
from ..sql.settings import Settings
from . import connection
from .claims import PGClaims
from .copy import PGCopy
from .database import Database, Portable
from .groups import PGGroups
from .reviews import PGReviews
from .search import PGSearch
from .vectors import PGVectors


class PGStore:
    """A workbench database in PostgreSQL (see store/base.py for what each family does).

    ``pg_db`` is the underlying ``database.Database``: for tests that look at raw rows, never for the domain
    code. ``url`` is the database's URL with its password hidden.
    """

    def __init__(
        self, db: Database, url: str, read_only: bool = False, notes: list[str] | None = None
    ) -> None:
        self.pg_db = db
        self.url = url
        self.read_only = read_only
        self.notes = notes or []
        shared = Portable(db)  # the shared families' statements, ? turned into %s
        self.articles = Articles(shared)
        self.claims = PGClaims(shared)
        self.vectors = PGVectors(shared)
        self.groups = PGGroups(shared)
        self.reviews = PGReviews(shared)
        self.factchecks = FactChecks(shared)
        self.search = PGSearch(shared)
        self.feeds = Feeds(shared)
        self.accounts = Accounts(shared)
        self.locks = Locks(shared)
        self.settings = Settings(shared)
        self.copy = PGCopy(db)  # whole tables for copy-db, on the connection itself

    @property
    def location(self) -> str | None:
        # the URL without its password: it names the database for the indexes search.vector_index keeps in
        # memory (never files: there is no database file to keep them beside)
        return self.url

    @contextmanager
    def write(self) -> Iterator[PGStore]:
        if self.read_only:
            raise ReadOnlyError(f"{self.url} is read-only for this account: writing is off")
        with self.pg_db.atomic():
            yield self

    def backup(self, target: str | Path) -> Path:
        raise StoreError(connection.backup_message(self.url))

    def check(self) -> dict:
        return connection.check(self.pg_db)

    def explain(self, exc: BaseException) -> str | None:
        return connection.explain(exc, self.url)

    def close(self) -> None:
        self.pg_db.close()


def open_postgres(url: str, *, pooled: bool = False) -> PGStore:
    """Open (creating the schema if needed) the PostgreSQL database at ``url``; ``pooled`` takes the
    connection from this process's pool (the app's reruns) instead of opening one."""
    opened = connection.connect(url, pooled=pooled)
    return PGStore(opened.db, connection.label(url), opened.read_only, opened.notes)
